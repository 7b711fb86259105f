package a3c.atari.ale;

import java.util.List;
import java.util.Map;

/**
 * The games ALE 0.7.3 supports (the {@code RomSettings} classes compiled into the preset's
 * {@code libale.so}, 104 of them) and the md5 of the ROMs of the games this project names.
 *
 * <p>ALE itself is the authority on whether a ROM file is a game's ({@link Roms} asks
 * {@code ALEInterface.isSupportedROM}); the md5s here only make error messages say which ROM was expected
 * and which one was given.
 */
public final class AleGames {
    /** Every game name ALE 0.7.3 accepts, sorted. */
    public static final List<String> NAMES = List.of(
            "adventure", "air_raid", "alien", "amidar", "assault", "asterix", "asteroids", "atlantis", "atlantis2",
            "backgammon", "bank_heist", "basic_math", "battle_zone", "beam_rider", "berzerk", "blackjack", "bowling",
            "boxing", "breakout", "carnival", "casino", "centipede", "chopper_command", "crazy_climber", "crossbow",
            "darkchambers", "defender", "demon_attack", "donkey_kong", "double_dunk", "earthworld",
            "elevator_action", "enduro", "entombed", "et", "fishing_derby", "flag_capture", "freeway", "frogger",
            "frostbite", "galaxian", "gopher", "gravitar", "hangman", "haunted_house", "hero", "human_cannonball",
            "ice_hockey", "jamesbond", "journey_escape", "kaboom", "kangaroo", "keystone_kapers", "king_kong",
            "klax", "koolaid", "krull", "kung_fu_master", "laser_gates", "lost_luggage", "mario_bros",
            "miniature_golf", "montezuma_revenge", "mr_do", "ms_pacman", "name_this_game", "othello", "pacman",
            "phoenix", "pitfall", "pitfall2", "pong", "pooyan", "private_eye", "qbert", "riverraid", "road_runner",
            "robotank", "seaquest", "sir_lancelot", "skiing", "solaris", "space_invaders", "space_war",
            "star_gunner", "superman", "surround", "tennis", "tetris", "tic_tac_toe_3d", "time_pilot", "trondead",
            "turmoil", "tutankham", "up_n_down", "venture", "video_checkers", "video_chess", "video_cube",
            "video_pinball", "wizard_of_wor", "word_zapper", "yars_revenge", "zaxxon");

    /** md5 of ALE's ROM for the games we train on (the same as ale-py ships). */
    static final Map<String, String> MD5 = Map.of(
            "beam_rider", "79ab4123a83dc11d468fb2108ea09e2e",
            "breakout", "f34f08e5eb96e500e851a80be3277a56",
            "enduro", "94b92a882f6dbaa6993a46e2dcc58402",
            "pong", "60e0ea3cbe0913d39803477945e9e5ec",
            "qbert", "484b0076816a104875e00467d431c2d2",
            "seaquest", "240bfbac5163af4df5ae713985386f92",
            "space_invaders", "72ffbef6504b75e69ee1045af9075f66");

    private AleGames() {
    }

    public static boolean isKnown(String game) {
        return NAMES.contains(game);
    }

    /** The game whose ROM has this md5, among those in {@link #MD5}, or null. */
    static String byMd5(String md5) {
        for (Map.Entry<String, String> e : MD5.entrySet()) {
            if (e.getValue().equals(md5)) {
                return e.getKey();
            }
        }
        return null;
    }
}
