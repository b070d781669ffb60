//! TLS material for the listeners: loaded from the configured files, or from the development
//! PKI made on first start. Every listener requires a client certificate signed by the CA.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::RootCertStore;
use rustls::server::WebPkiClientVerifier;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};

/// The three files of a server's mutual TLS.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
    pub ca: PathBuf,
}

/// The files' contents, PEM.
#[derive(Clone)]
pub struct TlsMaterial {
    pub cert_pem: String,
    pub key_pem: String,
    pub ca_pem: String,
}

impl std::fmt::Debug for TlsMaterial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TlsMaterial")
            .field("key_pem", &"<redacted>")
            .finish_non_exhaustive()
    }
}

fn read(path: &Path, what: &str, var: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the {what} {} ({var}): {e}", path.display()))?;
    if !text.contains("-----BEGIN") {
        return Err(format!("the {what} {} ({var}) is not PEM", path.display()));
    }
    Ok(text)
}

impl TlsMaterial {
    pub fn load(files: &TlsFiles) -> Result<Self, String> {
        Ok(Self {
            cert_pem: read(&files.cert, "server certificate", "WORKER_ADMIN_TLS_CERT")?,
            key_pem: read(&files.key, "server key", "WORKER_ADMIN_TLS_KEY")?,
            ca_pem: read(&files.ca, "client CA", "WORKER_ADMIN_TLS_CA")?,
        })
    }
}

/// The TLS files to use: the configured ones, or the development PKI in `data_dir/pki`, made
/// once. Returns whether the development PKI was created now.
pub fn resolve(configured: Option<&TlsFiles>, data_dir: &Path) -> Result<(TlsFiles, bool), String> {
    if let Some(files) = configured {
        return Ok((files.clone(), false));
    }
    let dir = data_dir.join("pki");
    let (paths, created) = worker_pki::ensure_dev(&dir).map_err(|e| e.to_string())?;
    Ok((
        TlsFiles {
            cert: paths.server_cert(),
            key: paths.server_key(),
            ca: paths.ca_cert(),
        },
        created,
    ))
}

/// The HTTPS listener's rustls configuration: TLS 1.2 and 1.3, a client certificate signed by
/// the CA required on every connection, HTTP/2 and HTTP/1.1.
pub fn server_config(material: &TlsMaterial) -> Result<Arc<rustls::ServerConfig>, String> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let certs: Vec<CertificateDer<'static>> =
        CertificateDer::pem_slice_iter(material.cert_pem.as_bytes())
            .collect::<Result<_, _>>()
            .map_err(|e| format!("the server certificate is not valid PEM: {e}"))?;
    let key = PrivateKeyDer::from_pem_slice(material.key_pem.as_bytes())
        .map_err(|e| format!("the server key is not valid PEM: {e}"))?;
    let mut roots = RootCertStore::empty();
    for ca in CertificateDer::pem_slice_iter(material.ca_pem.as_bytes()) {
        let ca = ca.map_err(|e| format!("the client CA is not valid PEM: {e}"))?;
        roots
            .add(ca)
            .map_err(|e| format!("the client CA is not a usable certificate: {e}"))?;
    }
    let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| format!("cannot verify client certificates: {e}"))?;
    let mut config = rustls::ServerConfig::builder_with_provider(provider)
        .with_protocol_versions(&[&rustls::version::TLS12, &rustls::version::TLS13])
        .map_err(|e| format!("TLS versions: {e}"))?
        .with_client_cert_verifier(verifier)
        .with_single_cert(certs, key)
        .map_err(|e| format!("the server certificate and key do not fit: {e}"))?;
    config.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// The gRPC listener's rustls configuration: as the gateway's, but HTTP/2 only.
pub fn grpc_server_config(material: &TlsMaterial) -> Result<Arc<rustls::ServerConfig>, String> {
    let mut config = Arc::unwrap_or_clone(server_config(material)?);
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(Arc::new(config))
}
