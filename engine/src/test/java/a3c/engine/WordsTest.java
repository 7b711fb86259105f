package a3c.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class WordsTest {
    @Test
    void listsAsAPersonWritesThem() {
        assertEquals("a", Words.list(List.of("a"), "or"));
        assertEquals("a or b", Words.list(List.of("a", "b"), "or"));
        assertEquals("a, b and c", Words.list(List.of("a", "b", "c"), "and"));
    }
}
