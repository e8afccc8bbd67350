// DockerfileModel
