package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.foundryrelay.auth.Scope;

/**
 * The Foundry server's files: browse, download, upload. Paths are checked here, so a {@code ..} segment,
 * an absolute path or a NUL never reaches a world.
 */
final class FileRoutes {
    private FileRoutes() {}

    private static final String GROUP = "files";
    static final String UPLOAD_PATH = org.foundryrelay.http.HttpServer.UPLOAD_PATH;
    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:");

    /** Refuses path values that could leave the storage root. */
    static Rule relativePaths(String... names) {
        return (payload, principal) -> {
            for (var name : names) {
                var v = payload.get(name);
                if (v == null || !v.isTextual()) continue;
                if (!safe(v.asText()) || !safe(decoded(v.asText()))) {
                    throw CallRefused.invalid("'" + name + "' must be a relative path without '..' segments or NUL characters");
                }
            }
        };
    }

    private static boolean safe(String path) {
        if (path.indexOf('\0') >= 0 || path.startsWith("/") || path.startsWith("\\") || DRIVE.matcher(path).find()) return false;
        for (var segment : path.split("[/\\\\]")) if (segment.equals("..")) return false;
        return true;
    }

    private static String decoded(String path) {
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    /** A file name is one segment. */
    private static final Rule PLAIN_FILENAME = (payload, principal) -> {
        var v = payload.path("filename").asText("");
        if (v.contains("/") || v.contains("\\") || v.equals(".") || v.equals("..")) {
            throw CallRefused.invalid("'filename' must be a plain file name");
        }
    };

    static List<Route> all() {
        return List.of(
                Route.get("/file-system", "file-system").scope(Scope.FILE_READ).group(GROUP)
                        .timeout(Duration.ofSeconds(15)).summary("List a directory of the Foundry server's files").params(
                                Param.optional("path", QUERY, STRING, "the directory, relative to the source's root (default: the root)"),
                                Param.optional("source", QUERY, STRING, "data (default), public or s3"),
                                Param.optional("recursive", QUERY, BOOLEAN, "include two more levels of subdirectories"),
                                USER_ID)
                        .rule(relativePaths("path")).example("/file-system?path=worlds/lost-mine&recursive=true", null).build(),
                Route.get("/download", "download-file").scope(Scope.FILE_READ).group(GROUP)
                        .timeout(Duration.ofSeconds(45)).reply(Route.ReplyKind.FILE)
                        .summary("Download a file: its bytes, or JSON with a base64 data URL when format=base64").params(
                                Param.required("path", QUERY, STRING, "the file, relative to the source's root"),
                                Param.optional("source", QUERY, STRING, "data (default), public or s3"),
                                Param.optional("format", QUERY, STRING, "binary (default) or base64"),
                                USER_ID)
                        .rule(relativePaths("path"))
                        .example("/download?path=worlds/lost-mine/notes/welcome.txt&format=base64", null).build(),
                Route.post(UPLOAD_PATH, "upload-file").scope(Scope.FILE_WRITE).group(GROUP)
                        .timeout(Duration.ofSeconds(30))
                        .summary("Upload a file: JSON with a data URL, or the raw bytes with path and filename in the query").params(
                                Param.required("path", BODY_THEN_QUERY, STRING, "the directory to put it in"),
                                Param.required("filename", BODY_THEN_QUERY, STRING, "the file's name"),
                                Param.optional("source", BODY_THEN_QUERY, STRING, "data (default), public or s3"),
                                Param.optional("mimeType", BODY_THEN_QUERY, STRING, "the content type (else from the data URL or the request)"),
                                Param.optional("overwrite", BODY_THEN_QUERY, BOOLEAN, "replace an existing file"),
                                Param.optional("skipIfExists", BODY_THEN_QUERY, BOOLEAN, "succeed without writing when the file exists"),
                                Param.optional("fileData", Param.Source.BODY, STRING, "a data URL (data:<type>;base64,<content>) for JSON uploads"),
                                USER_ID)
                        .rule(relativePaths("path", "filename")).rule(PLAIN_FILENAME)
                        .example(UPLOAD_PATH, "{\"path\":\"worlds/lost-mine/notes\",\"filename\":\"hello.txt\",\"fileData\":\"data:text/plain;base64,SGVsbG8sIFBoYW5kYWxpbiE=\"}")
                        .build());
    }
}
