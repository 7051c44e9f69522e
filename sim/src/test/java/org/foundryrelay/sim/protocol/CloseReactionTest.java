package org.foundryrelay.sim.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CloseReactionTest {

    @ParameterizedTest(name = "close {0} -> {1}")
    @CsvSource({
            "1000, STOP",
            "1008, FORGET_TOKEN",
            "4001, FORGET_TOKEN",
            "4002, FORGET_TOKEN",
            "4004, RETRY_LATER",
            "1001, RECONNECT",
            "1006, RECONNECT",
            "1011, RECONNECT",
            "4000, RECONNECT",
            "4003, RECONNECT",
            "4005, RECONNECT",
    })
    void followsTheModulesTable(int code, CloseReaction expected) {
        assertThat(CloseReaction.forCode(code)).isEqualTo(expected);
    }
}
