//! The guard that removes what a run made (container, images, workspace) on every path: the
//! runner awaits `Leftovers::clean` before it returns, and `Drop` spawns the same clean-up
//! when the run's future is dropped half-way (a handler stopped hard, a panic).

use std::mem;
use std::path::PathBuf;

use bollard::Docker;
use bollard::errors::Error as EngineError;
use bollard::query_parameters::{
    RemoveContainerOptionsBuilder, RemoveImageOptions, RemoveImageOptionsBuilder,
};

/// What is still to be removed. Each item is registered before the engine is asked to make
/// it, so a future dropped while that request is in flight still names it.
pub(crate) struct Leftovers {
    docker: Docker,
    container: Option<String>,
    /// Containers of build steps, removed before their parent images.
    step_containers: Vec<String>,
    /// The run's own tag (removed with force: nothing else uses it) and build steps' image
    /// ids (removed without: a step another build shares stays).
    image: Option<String>,
    intermediate: Vec<String>,
    workspace: Option<PathBuf>,
}

impl Leftovers {
    pub(crate) fn new(docker: Docker, workspace: Option<PathBuf>) -> Self {
        Self {
            docker,
            container: None,
            step_containers: Vec::new(),
            image: None,
            intermediate: Vec::new(),
            workspace,
        }
    }

    pub(crate) fn container(&mut self, name: &str) {
        self.container = Some(name.to_owned());
    }

    pub(crate) fn image(&mut self, tag: &str) {
        self.image = Some(tag.to_owned());
    }

    /// A build step's image, left dangling if the build fails after it.
    pub(crate) fn intermediate(&mut self, id: &str) {
        self.intermediate.push(id.to_owned());
    }

    /// A build step's container, the engine's to remove but maybe not yet.
    pub(crate) fn step_container(&mut self, id: &str) {
        self.step_containers.push(id.to_owned());
    }

    /// The build succeeded: its steps are the image's parents, pruned with it, and their
    /// containers are gone.
    pub(crate) fn built(&mut self) {
        self.intermediate.clear();
        self.step_containers.clear();
    }

    fn is_empty(&self) -> bool {
        self.container.is_none()
            && self.step_containers.is_empty()
            && self.image.is_none()
            && self.intermediate.is_empty()
            && self.workspace.is_none()
    }

    /// Removes everything registered, container first (it holds the image). Problems are
    /// logged, not returned: the reaper finds a labelled container or image left behind.
    pub(crate) async fn clean(&mut self) {
        if let Some(name) = self.container.take() {
            let options = RemoveContainerOptionsBuilder::default()
                .force(true)
                .v(true)
                .build();
            let result = self.docker.remove_container(&name, Some(options)).await;
            if let Err(error) = absent_is_fine(result) {
                tracing::warn!(container = %name, %error, "could not remove a job's container");
            }
        }
        let options = RemoveContainerOptionsBuilder::default()
            .force(true)
            .v(true)
            .build();
        while let Some(id) = self.step_containers.pop() {
            let result = self
                .docker
                .remove_container(&id, Some(options.clone()))
                .await;
            match absent_is_fine(result) {
                // 409: the engine is removing it already.
                Ok(())
                | Err(EngineError::DockerResponseServerError {
                    status_code: 409, ..
                }) => {}
                Err(error) => {
                    tracing::warn!(container = %id, %error, "could not remove a build step's container");
                }
            }
        }
        if let Some(tag) = self.image.take() {
            let options = RemoveImageOptionsBuilder::default().force(true).build();
            let result = self.docker.remove_image(&tag, Some(options), None).await;
            if let Err(error) = absent_is_fine(result.map(drop)) {
                tracing::warn!(image = %tag, %error, "could not remove a job's image");
            }
        }
        // Newest first: each step is the parent of the next, and removing the newest with
        // pruning takes its now childless parents along.
        while let Some(id) = self.intermediate.pop() {
            let result = self
                .docker
                .remove_image(&id, None::<RemoveImageOptions>, None)
                .await;
            match absent_is_fine(result.map(drop)) {
                Ok(())
                | Err(EngineError::DockerResponseServerError {
                    status_code: 409, ..
                }) => {}
                Err(error) => {
                    tracing::warn!(image = %id, %error, "could not remove a failed build's step");
                }
            }
        }
        if let Some(dir) = self.workspace.take() {
            let removed =
                tokio::task::spawn_blocking(move || match std::fs::remove_dir_all(&dir) {
                    Err(error) if error.kind() != std::io::ErrorKind::NotFound => Err((dir, error)),
                    _ => Ok(()),
                })
                .await;
            if let Ok(Err((dir, error))) = removed {
                tracing::warn!(workspace = %dir.display(), %error, "could not remove a job's workspace");
            }
        }
    }
}

impl Drop for Leftovers {
    fn drop(&mut self) {
        if self.is_empty() {
            return;
        }
        let mut rest = Leftovers {
            docker: self.docker.clone(),
            container: self.container.take(),
            step_containers: mem::take(&mut self.step_containers),
            image: self.image.take(),
            intermediate: mem::take(&mut self.intermediate),
            workspace: self.workspace.take(),
        };
        match tokio::runtime::Handle::try_current() {
            Ok(handle) => {
                handle.spawn(async move { rest.clean().await });
            }
            Err(_) => {
                // No runtime left (the process is ending): the workspace at least can go now;
                // the reaper removes the container and images at the next start.
                if let Some(dir) = rest.workspace.take() {
                    let _ = std::fs::remove_dir_all(dir);
                }
                rest.container = None;
                rest.step_containers.clear();
                rest.image = None;
                rest.intermediate.clear();
            }
        }
    }
}

/// 404 means someone (the engine's own clean-up, the reaper) removed it already.
pub(crate) fn absent_is_fine(result: Result<(), EngineError>) -> Result<(), EngineError> {
    match result {
        Err(EngineError::DockerResponseServerError {
            status_code: 404, ..
        }) => Ok(()),
        other => other,
    }
}
