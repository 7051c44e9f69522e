package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.util.List;
import org.foundryrelay.auth.Scope;

/** Playlists and one-shot sounds; controlling them is for GMs. */
final class PlaylistRoutes {
    private PlaylistRoutes() {}

    private static final String GROUP = "playlists";
    private static final Param PLAYLIST_ID = Param.optional("playlistId", BODY_THEN_QUERY, ANY, "the playlist's id");
    private static final Param PLAYLIST_NAME = Param.optional("playlistName", BODY_THEN_QUERY, ANY, "or its name (any case)");
    private static final Param SOUND_ID = Param.optional("soundId", BODY_THEN_QUERY, ANY, "a sound of the playlist, by id");
    private static final Param SOUND_NAME = Param.optional("soundName", BODY_THEN_QUERY, ANY, "or by name");
    private static final String TAVERN = "{\"playlistName\":\"Tavern Ambience\"}";

    static List<Route> all() {
        return List.of(
                Route.get("/playlists", "get-playlists").scope(Scope.PLAYLIST_CONTROL).group(GROUP)
                        .summary("Playlists with their sounds and what is playing").params(USER_ID).example("/playlists", null).build(),
                control("/playlist/play", "playlist-play", "Play a playlist, or one of its sounds", TAVERN,
                        PLAYLIST_ID, PLAYLIST_NAME, SOUND_ID, SOUND_NAME, USER_ID),
                control("/playlist/stop", "playlist-stop", "Stop a playlist", TAVERN, PLAYLIST_ID, PLAYLIST_NAME, USER_ID),
                control("/playlist/next", "playlist-next", "Skip to the playlist's next sound", TAVERN, PLAYLIST_ID, PLAYLIST_NAME, USER_ID),
                control("/playlist/volume", "playlist-volume", "Set the volume (0 to 1) of a sound, or of every sound of a playlist",
                        "{\"playlistName\":\"Tavern Ambience\",\"volume\":0.4}",
                        Param.required("volume", BODY_THEN_QUERY, NUMBER, "between 0 and 1"),
                        PLAYLIST_ID, PLAYLIST_NAME, SOUND_ID, SOUND_NAME, USER_ID),
                control("/play-sound", "play-sound", "Play a sound file for everyone", "{\"src\":\"sounds/doors/creak.ogg\",\"volume\":0.8}",
                        Param.required("src", BODY_THEN_QUERY, STRING, "the sound file's path"),
                        Param.optional("volume", BODY_THEN_QUERY, NUMBER, "between 0 and 1 (default 0.5)"),
                        Param.optional("loop", BODY_THEN_QUERY, BOOLEAN, "repeat until stopped"), USER_ID),
                control("/stop-sound", "stop-sound", "Stop a sound started with /play-sound, or all of them", "{}",
                        Param.optional("src", BODY_THEN_QUERY, ANY, "the sound file's path; every sound when absent"), USER_ID));
    }

    private static Route control(String path, String type, String summary, String example, Param... params) {
        return Route.post(path, type).scope(Scope.PLAYLIST_CONTROL).group(GROUP).summary(summary + " (GM only)")
                .params(params).example(path, example).build();
    }
}
