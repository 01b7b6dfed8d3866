package io.homeostat.runtime.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The paging loop every discovery's list shares: fetch a page, keep its names, follow the token until there is none.
 * Each page waits for the caller's budget first; any failure is wrapped naming what was being listed.
 */
public final class PagedNames {

    /** One page: the names on it and the token of the next ({@code null} or empty at the end). */
    public record Page(List<String> names, String next) {}

    private PagedNames() {}

    /**
     * @param doing what is being listed, for the error ({@code list aws.sqs.queue in us-east-1})
     * @param fetch the page after the given token ({@code null} for the first)
     */
    public static List<String> collect(String doing, Runnable beforeCall, Function<String, Page> fetch) {
        List<String> names = new ArrayList<>();
        String token = null;
        try {
            do {
                beforeCall.run();
                Page page = fetch.apply(token);
                names.addAll(page.names());
                token = page.next();
            } while (token != null && !token.isEmpty());
        } catch (RuntimeException e) {
            throw CloudCallException.wrap(doing, e);
        }
        return names;
    }
}
