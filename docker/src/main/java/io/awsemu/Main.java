package io.awsemu;

import io.awsemu.core.server.Launcher;

/** The runnable jar's entry point: every service module is on the class path. */
public final class Main {
    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Launcher.main(args);
    }
}
