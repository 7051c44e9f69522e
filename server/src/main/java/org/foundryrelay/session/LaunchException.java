package org.foundryrelay.session;

/** Carries a {@link StartFailure} out of the launch steps. */
final class LaunchException extends Exception {
    private final transient StartFailure failure;

    LaunchException(StartFailure failure) {
        super(failure.reason(), null, false, false);
        this.failure = failure;
    }

    StartFailure failure() {
        return failure;
    }
}
