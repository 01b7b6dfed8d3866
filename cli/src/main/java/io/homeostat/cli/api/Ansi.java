package io.homeostat.cli.api;

/** ANSI colours, or plain text when they are off; the symbols ({@code + ~ - !}) carry the meaning either way. */
public final class Ansi {

    private static final Ansi ON = new Ansi(true);
    private static final Ansi OFF = new Ansi(false);

    private final boolean on;

    private Ansi(boolean on) {
        this.on = on;
    }

    public static Ansi of(boolean on) {
        return on ? ON : OFF;
    }

    public boolean on() {
        return on;
    }

    public String green(String s) {
        return paint("32", s);
    }

    public String yellow(String s) {
        return paint("33", s);
    }

    public String red(String s) {
        return paint("31", s);
    }

    public String bold(String s) {
        return paint("1", s);
    }

    public String dim(String s) {
        return paint("2", s);
    }

    private String paint(String code, String s) {
        return on ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
