package org.foundryrelay.auth;

/** Closes the sockets of connected worlds when their credentials go away. */
public interface WorldDisconnector {

    /**
     * Closes every live world socket authenticated with the token.
     *
     * @return how many sockets were closed
     */
    int disconnectToken(String tokenId, int closeCode, String reason);
}
