package bi.ingest.load;

import bi.ingest.normalize.Column;
import bi.ingest.normalize.RawJson;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Random;
import java.util.function.Function;

/**
 * Random values of a column's type for the body writers' tests: one in eight NULL, integers at their extremes,
 * decimals of any sign and scale, text of the given alphabet with surrogate pairs among it.
 */
final class RandomValues {

    private final String alphabet;
    private final String[] pairs;
    private final Function<Random, byte[]> rawJson;

    RandomValues(String alphabet, String[] pairs, Function<Random, byte[]> rawJson) {
        this.alphabet = alphabet;
        this.pairs = pairs;
        this.rawJson = rawJson;
    }

    Object of(Column c, Random random) {
        if (random.nextInt(8) == 0) {
            return null;
        }
        return switch (c.type()) {
            case BIGINT, LARGEINT -> switch (random.nextInt(5)) {
                case 0 -> Long.MIN_VALUE + random.nextInt(3);
                case 1 -> Long.MAX_VALUE - random.nextInt(3);
                // where the count of digits changes: 10^n - 1 and 10^n, either sign
                case 2 -> (BigInteger.TEN.pow(random.nextInt(19)).longValueExact() - random.nextInt(2)) * (random.nextBoolean() ? 1 : -1);
                default -> random.nextLong() >> random.nextInt(64);
            };
            case INT, TINYINT, SMALLINT -> random.nextInt() >> random.nextInt(32);
            case BOOLEAN -> random.nextBoolean();
            case DECIMAL -> new BigDecimal(new BigInteger(random.nextInt(100), random).multiply(BigInteger.valueOf(random.nextBoolean() ? 1 : -1)),
                    random.nextInt(12) - 3);
            case JSON -> new RawJson(rawJson.apply(random));
            default -> text(random);
        };
    }

    String text(Random random) {
        StringBuilder s = new StringBuilder();
        int length = random.nextInt(40);
        for (int i = 0; i < length; i++) {
            if (random.nextInt(10) == 0) {
                s.append(pairs[random.nextInt(pairs.length)]);
            } else {
                s.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return s.toString();
    }
}
