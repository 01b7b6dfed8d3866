package io.homeostat.analyzer.bedrock;

/**
 * What one guarded call to the model produced: its text, or — from the fallback — why there is none ({@code failure}
 * is a stable metric tag: {@code timeout}, {@code circuit_open}, {@code error}).
 */
record ModelReply(String text, String failure, String detail) {

    static ModelReply answered(String text) {
        return new ModelReply(text, null, null);
    }

    static ModelReply failed(String failure, String detail) {
        return new ModelReply(null, failure, detail);
    }

    boolean ok() {
        return failure == null;
    }
}
