package bi.ingest.admin;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The admin API needs HTTP Basic as the configured admin (role ADMIN); the ERP's callback and pushes are public
 * (pushes are verified by their signature). Everything else stays as the operations issue will decide.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    AdminErrors adminErrors() {
        return new AdminErrors();
    }

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                        .requestMatchers("/admin/**").hasRole("ADMIN")
                        .anyRequest().permitAll())
                .httpBasic(Customizer.withDefaults())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                // a stateless API with Basic credentials: no browser session to forge requests with
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    @Bean
    UserDetailsService admins(@Value("${bi.admin.username}") String username, @Value("${bi.admin.password:}") String password) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        if (password.isBlank()) {
            LOG.warn("bi.admin.password is not set (BI_ADMIN_PASSWORD): the admin API answers 401 to everyone");
            return users;
        }
        PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        users.createUser(User.withUsername(username).password(encoder.encode(password)).roles("ADMIN").build());
        return users;
    }
}
