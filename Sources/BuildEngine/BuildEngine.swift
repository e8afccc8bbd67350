// BuildEngine
