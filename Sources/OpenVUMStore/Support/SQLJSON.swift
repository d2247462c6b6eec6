import SQLKit

/// JSON built by the database, for list responses: the rows never become Swift values, so a page of
/// 100 rows costs the application one text column instead of a decode and an encode per cell
/// (docs/benchmarks.md). PostgreSQL uses `json_build_object`/`json_agg`; SQLite the JSON1 functions
/// `json_object`/`json_group_array`, which produce the same text for the same values.
///
/// Values follow what `JSONEncoder` writes for the same DTOs: UUIDs as upper-case strings, dates as
/// `YYYY-MM-DD` strings, booleans as `true`/`false`, missing values as `null`.
struct SQLJSON {
    let postgres: Bool

    init(_ db: any SQLDatabase) {
        postgres = db.engine == .postgres
    }

    /// A JSON object from (key, SQL expression) pairs, in order.
    func object(_ pairs: KeyValuePairs<String, SQLQueryString>) -> SQLQueryString {
        var out: SQLQueryString = postgres ? "json_build_object(" : "json_object("
        for (index, pair) in pairs.enumerated() {
            out = "\(out)\(unsafeRaw: index == 0 ? "" : ", ")\(literal: pair.key), \(pair.value)"
        }
        return "\(out))"
    }

    /// A UUID column as the API writes it (upper case; SQLite stores UUIDs as upper-case text already).
    func uuid(_ column: SQLQueryString) -> SQLQueryString {
        postgres ? "upper(\(column)::text)" : column
    }

    /// A condition as a JSON boolean.
    func bool(_ condition: SQLQueryString) -> SQLQueryString {
        postgres ? "(\(condition))" : "json(CASE WHEN \(condition) THEN 'true' ELSE 'false' END)"
    }

    /// A JSON value produced by a scalar subquery (SQLite forgets that a subquery's text is JSON).
    func embed(_ subquery: SQLQueryString) -> SQLQueryString {
        postgres ? "(\(subquery))" : "json((\(subquery)))"
    }

    /// The aggregate of `element` over the rows, as a JSON array in `orderBy` order; `[]` for no rows.
    func array(_ element: SQLQueryString, orderBy: SQLQueryString, filter: SQLQueryString? = nil) -> SQLQueryString {
        let where_: SQLQueryString = filter.map { " FILTER (WHERE \($0))" } ?? ""
        return postgres
            ? "COALESCE(json_agg(\(element) ORDER BY \(orderBy))\(where_), '[]'::json)"
            : "COALESCE(json_group_array(\(element) ORDER BY \(orderBy))\(where_), '[]')"
    }

    /// A UUID column as text that sorts and compares (for keyset values read back by Swift).
    func uuidText(_ column: SQLQueryString) -> SQLQueryString {
        postgres ? "\(column)::text" : column
    }
}
