package org.foundryrelay.routes;

import static org.foundryrelay.routes.CommonParams.USER_ID;
import static org.foundryrelay.routes.Param.Source.QUERY;
import static org.foundryrelay.routes.Param.Type.ANY;
import static org.foundryrelay.routes.Param.Type.BOOLEAN;
import static org.foundryrelay.routes.Param.Type.NUMBER;
import static org.foundryrelay.routes.Param.Type.STRING;

import java.util.List;
import org.foundryrelay.auth.Scope;

/** Search over the world's documents and its compendium indexes. */
final class SearchRoutes {
    private SearchRoutes() {}

    static List<Route> all() {
        return List.of(Route.get("/search", "search").scope(Scope.SEARCH).group("search")
                .summary("Find documents by name, filtered by type, folder, package or sub-type").params(
                        Param.optional("query", QUERY, STRING, "text to match against names"),
                        Param.optional("filter", QUERY, ANY,
                                "a document type (Actor), or key:value pairs separated by commas (documentType:Item,subType:weapon); keys documentType, subType, folder, package, resultType"),
                        Param.optional("excludeCompendiums", QUERY, BOOLEAN, "only world documents"),
                        Param.optional("limit", QUERY, NUMBER, "at most this many results (default 200, at most 500)"),
                        Param.optional("minified", QUERY, BOOLEAN, "only uuid, id, name, img and documentType per result"),
                        Param.optional("ownedByUserId", QUERY, STRING, "only documents this user owns"),
                        USER_ID)
                .rule(Rule.atLeastOne("'query' or 'filter' is required", "query", "filter"))
                .example("/search?query=goblin&filter=documentType:Actor", null).build());
    }
}
