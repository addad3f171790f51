package io.jobqueue.rabbitmq;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.ConnectionFactory;
import io.jobqueue.InvalidInputException;
import io.jobqueue.internal.Redaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * An {@code amqp://user:pass@host:port/vhost} URL, with the client's own parsing (the vhost is URL-encoded:
 * {@code /%2F} is the default vhost {@code /}; without a path the default vhost is used). The URL may name
 * several brokers of one cluster, comma-separated, as PostgreSQL's JDBC URLs do: {@code
 * amqp://user:pass@h1:5672,h2:5673,h3/vhost} (a host without a port gets 5672). The user info, vhost and query
 * apply to every broker; the client connects to them in random order and, on recovery, to any that is up.
 *
 * <p>Every message about a URL shows it without its user info, and the parser's exception is never chained,
 * since it may repeat it.
 */
record AmqpUrl(ConnectionFactory factory, List<Address> addresses) {
    static final String SCHEME = "amqp";
    private static final String PREFIX = SCHEME + "://";
    private static final String EXPECTED = "expected amqp://user:password@host:5672/vhost"
            + " or amqp://user:password@host1:5672,host2:5672,host3:5672/vhost";
    /** A host name, an IPv4 address or a bracketed IPv6 address, and an optional port. */
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(?::(\\d{1,5}))?");

    AmqpUrl {
        addresses = List.copyOf(addresses);
    }

    /** The connection settings and brokers of {@code url}, or {@link InvalidInputException} naming the problem. */
    static AmqpUrl parse(String url) {
        if (url == null || !url.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            throw new InvalidInputException("not an amqp:// URL: " + redact(url));
        }
        int authorityEnd = indexOfAny(url, PREFIX.length(), "/?#");
        String authority = url.substring(PREFIX.length(), authorityEnd);
        int at = authority.lastIndexOf('@');
        String hosts = authority.substring(at + 1);
        if (!hosts.contains(",")) {
            ConnectionFactory factory = factory(url, url);
            return new AmqpUrl(factory, List.of(new Address(factory.getHost(), factory.getPort())));
        }
        List<Address> addresses = new ArrayList<>();
        String[] parts = hosts.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            Matcher m = HOST_PORT.matcher(parts[i]);
            if (!m.matches()) {
                throw new InvalidInputException("bad amqp URL " + redact(url) + ": broker " + (i + 1) + " of "
                        + parts.length + " is '" + parts[i] + "', not host or host:port; " + EXPECTED);
            }
            int port = m.group(2) == null ? ConnectionFactory.DEFAULT_AMQP_PORT : Integer.parseInt(m.group(2));
            if (port < 1 || port > 65_535) {
                throw new InvalidInputException("bad amqp URL " + redact(url) + ": broker " + (i + 1) + " has port "
                        + port + ", outside 1..65535");
            }
            String host = m.group(1);
            addresses.add(new Address(host.startsWith("[") ? host.substring(1, host.length() - 1) : host, port));
        }
        // The client parses the URL with the first broker alone: user info, vhost and query apply to all.
        String first = url.substring(0, PREFIX.length() + at + 1) + parts[0] + url.substring(authorityEnd);
        return new AmqpUrl(factory(first, url), addresses);
    }

    private static ConnectionFactory factory(String single, String url) {
        ConnectionFactory factory = new ConnectionFactory();
        try {
            factory.setUri(single);
        } catch (Exception e) {
            throw new InvalidInputException("bad amqp URL " + redact(url) + ": " + EXPECTED);
        }
        return factory;
    }

    private static int indexOfAny(String s, int from, String chars) {
        for (int i = from; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return s.length();
    }

    /** {@code url} with its user info and any password parameter hidden, for messages and logs. */
    static String redact(String url) {
        return url == null ? "null" : Redaction.withoutUserInfo(url);
    }

    /** {@code amqp://host:port[,host:port…]/vhost}, for messages (never the credentials). */
    String address() {
        return PREFIX + addresses.stream().map(a -> (a.getHost().contains(":") ? "[" + a.getHost() + "]"
                : a.getHost()) + ":" + a.getPort()).collect(Collectors.joining(",")) + "/" + factory.getVirtualHost();
    }
}
