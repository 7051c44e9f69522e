package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.BODY_THEN_QUERY;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.util.List;
import org.foundryrelay.auth.Scope;

/**
 * Folders and the world's layout. The old {@code /contents/*} endpoints are answered by the relay itself
 * ({@link RetiredEndpoints}).
 */
final class StructureRoutes {
    private StructureRoutes() {}

    private static final String GROUP = "structure";

    static List<Route> all() {
        return List.of(
                Route.get("/structure", "structure").scope(Scope.STRUCTURE_READ).group(GROUP)
                        .summary("Folders, folderless documents and compendium packs, optionally below one folder or pack").params(
                                Param.optional("includeEntityData", QUERY, BOOLEAN, "full document data instead of stubs"),
                                Param.optional("path", QUERY, ANY, "Folder.<id> or Compendium.<pack> to start from"),
                                Param.optional("recursive", QUERY, BOOLEAN, "nest child folders"),
                                Param.optional("recursiveDepth", QUERY, NUMBER, "how deep to nest (default 5)"),
                                Param.optional("types", QUERY, ANY,
                                        "document types, comma-separated or a JSON array (default Scene, Actor, Item, JournalEntry, RollTable, Cards, Macro, Playlist)"),
                                USER_ID)
                        .example("/structure?types=Actor&recursive=true", null).build(),
                Route.get("/get-folder", "get-folder").scope(Scope.STRUCTURE_READ).group(GROUP)
                        .summary("A folder by name, with its contents")
                        .params(Param.required("name", BODY_THEN_QUERY, STRING, "the folder's exact name"), USER_ID)
                        .example("/get-folder?name=Heroes", null).build(),
                Route.post("/create-folder", "create-folder").scope(Scope.STRUCTURE_WRITE).group(GROUP)
                        .summary("Create a folder (GM only)").params(
                                Param.required("name", BODY_THEN_QUERY, STRING, "the folder's name"),
                                Param.required("folderType", BODY_THEN_QUERY, STRING, "the document type it holds, e.g. Actor"),
                                Param.optional("parentFolderId", BODY_THEN_QUERY, ANY, "id of the parent folder"),
                                USER_ID)
                        .example("/create-folder", "{\"name\":\"Villains\",\"folderType\":\"Actor\",\"parentFolderId\":\"mOnStErSfOlDeR01\"}").build(),
                Route.delete("/delete-folder", "delete-folder").scope(Scope.STRUCTURE_WRITE).group(GROUP)
                        .summary("Delete a folder (GM only); with deleteAll also its documents and child folders").params(
                                Param.required("folderId", BODY_THEN_QUERY, STRING, "the folder's id"),
                                Param.optional("deleteAll", BODY_THEN_QUERY, BOOLEAN, "also delete what it contains"),
                                USER_ID)
                        .example("/delete-folder?folderId=mOnStErSfOlDeR01&deleteAll=true", null).build());
    }
}
