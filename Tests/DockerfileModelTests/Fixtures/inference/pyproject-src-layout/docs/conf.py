project = "pkg"
