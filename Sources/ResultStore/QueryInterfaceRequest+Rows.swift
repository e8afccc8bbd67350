import GRDB

extension QueryInterfaceRequest where RowDecoder: FetchableRecord & TableRecord {
    /// Fetches the records one row at a time, so that a value this version cannot decode (an unknown status,
    /// JSON that does not parse) is a `StoreError` naming the table and the row, not a bare decoding error.
    func fetchAll(_ db: Database, store: ResultStore) throws -> [RowDecoder] {
        try Row.fetchAll(db, self).map { row in
            do {
                return try RowDecoder(row: row)
            } catch {
                throw StoreError.unreadableRow(path: store.path, table: RowDecoder.databaseTableName, id: row["id"],
                                               reason: ResultStore.decodingReason(error))
            }
        }
    }
}

extension ResultStore {
    /// What could not be decoded, on one line and without the row's values (a phase's output can be megabytes).
    static func decodingReason(_ error: any Error) -> String {
        var text: String
        switch error {
        case DecodingError.dataCorrupted(let context), DecodingError.typeMismatch(_, let context),
             DecodingError.valueNotFound(_, let context), DecodingError.keyNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            text = (path.isEmpty ? "" : "\(path): ") + context.debugDescription
            if let underlying = context.underlyingError { text += " (\(oneLine(underlying)))" }
        default:
            // GRDB's RowDecodingError reads `could not decode T from database value V - column: "c", ..., row: [...]`.
            text = "\(error)"
            if let row = text.range(of: ", row: ") { text = String(text[..<row.lowerBound]) }
        }
        return text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
