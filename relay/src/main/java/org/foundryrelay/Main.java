package org.foundryrelay;

/** Entry point of the relay jar: dispatches to the server or an admin command. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.out.println("foundry-relay");
    }
}
