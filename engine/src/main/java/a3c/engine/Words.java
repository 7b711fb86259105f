package a3c.engine;

import java.util.List;

/** Lists in messages, as a person writes them. */
public final class Words {
    private Words() {
    }

    /** "a", "a or b", "a, b or c" (with {@code conjunction} "or"). */
    public static String list(List<String> words, String conjunction) {
        int last = words.size() - 1;
        return last == 0 ? words.getFirst() : String.join(", ", words.subList(0, last)) + " " + conjunction + " " + words.get(last);
    }
}
