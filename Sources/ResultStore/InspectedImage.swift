/// An inspected image with its history rows, as a build is written.
package struct InspectedImage: Codable, Sendable, Equatable {
    package var history: ImageHistoryRecord
    package var layers: [ImageLayerRecord]

    package init(history: ImageHistoryRecord, layers: [ImageLayerRecord]) {
        self.history = history
        self.layers = layers
    }
}
