package io.jobqueue.jdbc;

/**
 * MariaDB 10.6+ (10.5 brought {@code INSERT … RETURNING} and {@code DELETE … RETURNING}, 10.6 {@code SKIP
 * LOCKED}): where it differs from MySQL 8, it uses {@code RETURNING}, so a bulk add is one multi-row insert and a
 * batch of acknowledgements one delete per reserve it came from (the shared forms in {@link Dialect}).
 */
final class MariaDbDialect extends MySqlFamilyDialect {

    @Override
    String name() {
        return "mariadb";
    }
}
