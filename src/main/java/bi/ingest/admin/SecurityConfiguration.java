package bi.ingest.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.http.HttpMethod;
import org.springframework.security.concurrent.DelegatingSecurityContextRunnable;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.ui.DefaultLoginPageGeneratingFilter;
import org.springframework.security.web.authentication.ui.DefaultResourcesFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.XorCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.header.HeaderWriterFilter;
import org.springframework.util.StringUtils;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Who may do what. Role {@code viewer} reads (admin API GETs, metrics, health details); role {@code admin} also
 * changes (admin API writes) and uses Hawtio and Jolokia (JMX operations). Scripts send HTTP Basic; people log in
 * at {@code /login} and land in Hawtio. Anonymous requests get 401, except the health probes and the ERP's callback
 * and pushes (checked by their state nonce and signature). Users come from {@code bi.admin.*}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    public static final String ADMIN = "admin";
    public static final String VIEWER = "viewer";

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    AdminErrors adminErrors() {
        return new AdminErrors();
    }

    /**
     * Camel's platform-http runs each request on Spring's task executor, off the servlet thread: the caller's security
     * context goes along, so the admin API knows who asked (the dead-letter replay log names them).
     */
    @Bean
    TaskDecorator securityContextAlongToCamel() {
        return DelegatingSecurityContextRunnable::new;
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        BasicAuthenticationEntryPoint unauthorized = new BasicAuthenticationEntryPoint();
        unauthorized.setRealmName("bi-ingest");
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/erp/jushuitan/**").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers("/login", "/error", "/favicon.ico").permitAll()
                        .requestMatchers(HttpMethod.GET, "/admin/**").hasAnyRole(VIEWER, ADMIN)
                        .requestMatchers("/admin/**").hasRole(ADMIN)
                        .requestMatchers("/actuator/hawtio/**", "/actuator/jolokia/**").hasRole(ADMIN)
                        .requestMatchers("/actuator/**").hasAnyRole(VIEWER, ADMIN)
                        .anyRequest().denyAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .formLogin(form -> form.defaultSuccessUrl("/actuator/hawtio/", false).permitAll())
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized))
                .headers(headers -> headers.addObjectPostProcessor(securityHeadersBeforeCamel()))
                // only a browser session can be forged by another site's page: its changes need the XSRF-TOKEN cookie
                // echoed as a header (Hawtio does); Basic-authenticated scripts, ERP pushes and anonymous requests
                // (answered 401) need none
                .csrf(csrf -> csrf.csrfTokenRepository(CookieCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new SpaCsrfTokenRequestHandler())
                        .requireCsrfProtectionMatcher(SecurityConfiguration::browserChange))
                .addFilterAfter(new CsrfCookieFilter(), BasicAuthenticationFilter.class)
                .addFilterBefore(loginPage(), UsernamePasswordAuthenticationFilter.class)
                .addFilterBefore(DefaultResourcesFilter.css(), UsernamePasswordAuthenticationFilter.class);
        return http.build();
    }

    /**
     * Writes the security headers before the request goes on, not when its response commits. Camel's platform-http
     * answers on its own worker thread after the servlet thread has left the filter chain, and the servlet thread's
     * late write of the same headers then raced the worker's (a corrupted header table, an empty answer).
     */
    private static ObjectPostProcessor<HeaderWriterFilter> securityHeadersBeforeCamel() {
        return new ObjectPostProcessor<>() {
            @Override
            public <F extends HeaderWriterFilter> F postProcess(F filter) {
                filter.setShouldWriteHeadersEagerly(true);
                return filter;
            }
        };
    }

    /**
     * Spring Security's own login page (and its stylesheet, below). Spring adds them only when no entry point is set;
     * ours answers 401 to every anonymous request (scripts and browsers alike), so they are added here.
     */
    private static DefaultLoginPageGeneratingFilter loginPage() {
        DefaultLoginPageGeneratingFilter page = new DefaultLoginPageGeneratingFilter();
        page.setFormLoginEnabled(true);
        page.setLoginPageUrl("/login");
        page.setAuthenticationUrl("/login");
        page.setFailureUrl("/login?error");
        page.setLogoutSuccessUrl("/login?logout");
        page.setUsernameParameter("username");
        page.setPasswordParameter("password");
        page.setResolveHiddenInputs(request -> {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            return token == null ? Map.of() : Map.of(token.getParameterName(), token.getToken());
        });
        return page;
    }

    /** A change (not GET/HEAD/OPTIONS) sent by a browser session or its login form. */
    private static boolean browserChange(HttpServletRequest r) {
        boolean safe = r.getMethod().equals("GET") || r.getMethod().equals("HEAD") || r.getMethod().equals("OPTIONS");
        boolean basic = StringUtils.startsWithIgnoreCase(r.getHeader("Authorization"), "Basic ");
        boolean browser = r.getSession(false) != null || r.getRequestURI().equals("/login");
        return !safe && !basic && browser && !r.getRequestURI().startsWith("/erp/jushuitan/");
    }

    /** Spring Security checks Basic-auth and form logins with this encoder (the bean replaces its BCrypt default). */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new ConfiguredPasswordEncoder();
    }

    @Bean
    UserDetailsService users(@Value("${bi.admin.username}") String admin, @Value("${bi.admin.password:}") String adminPassword,
                             @Value("${bi.admin.viewer-username}") String viewer, @Value("${bi.admin.viewer-password:}") String viewerPassword,
                             PasswordEncoder encoder) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        if (adminPassword.isBlank()) {
            LOG.warn("bi.admin.password is not set (BI_ADMIN_PASSWORD): the admin API, Hawtio and Jolokia answer 401 to everyone");
        } else {
            users.createUser(User.withUsername(admin).password(encoder.encode(adminPassword)).roles(ADMIN, VIEWER).build());
        }
        if (!viewerPassword.isBlank()) {
            users.createUser(User.withUsername(viewer).password(encoder.encode(viewerPassword)).roles(VIEWER).build());
        }
        return users;
    }

    /** Spring Security's recipe for single-page apps: the token from the header as is, from a form XOR-masked. */
    static final class SpaCsrfTokenRequestHandler implements CsrfTokenRequestHandler {
        private final CsrfTokenRequestHandler plain = new CsrfTokenRequestAttributeHandler();
        private final CsrfTokenRequestHandler xor = new XorCsrfTokenRequestAttributeHandler();

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {
            xor.handle(request, response, token);
            token.get(); // render the token now, so the cookie is written
        }

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            String header = request.getHeader(token.getHeaderName());
            return (StringUtils.hasText(header) ? plain : xor).resolveCsrfTokenValue(request, token);
        }
    }

    /** Loads the deferred token on every request, so the XSRF-TOKEN cookie reaches the browser before its first POST. */
    static final class CsrfCookieFilter extends OncePerRequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
            if (token != null) {
                token.getToken();
            }
            chain.doFilter(request, response);
        }
    }
}
