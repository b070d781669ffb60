//! Certificates for worker's mutual TLS: a CA, a server certificate, and client certificates
//! whose OU carries the role. Used for the development PKI `workerd` creates on first start,
//! by `workerctl certs init`, and by tests (which also need expired and foreign certificates).
//!
//! Private keys are written with mode 0600. Nothing made here is meant for production.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType,
};
use time::{Duration, OffsetDateTime};

/// The platform data directory `workerd` uses by default (`~/.local/share/worker` on Linux);
/// `WORKER_DATA_DIR` overrides it. The development PKI lives in its `pki` subdirectory, where
/// `workerctl` looks for it too.
pub fn default_data_dir() -> PathBuf {
    directories::ProjectDirs::from("dev", "worker", "worker")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".worker"))
}

/// The data directory from `WORKER_DATA_DIR`, or the platform default.
pub fn data_dir_from_env() -> PathBuf {
    std::env::var_os("WORKER_DATA_DIR")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(default_data_dir)
}

/// The roles a client certificate's OU can carry.
pub const ROLES: [&str; 4] = ["admin", "operator", "viewer", "gateway"];

/// Who a client certificate says its holder is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subject {
    /// The CN: the actor in audit entries.
    pub common_name: String,
    /// The first OU: the role (see [`ROLES`]); empty when the certificate has none.
    pub role: String,
}

/// Reads CN and OU from the first certificate of a PEM file, the way the server does.
pub fn subject_of_pem(cert_pem: &str) -> Result<Subject, PkiError> {
    let (_, pem) = x509_parser::pem::parse_x509_pem(cert_pem.as_bytes())
        .map_err(|e| PkiError::Invalid(format!("not a PEM certificate: {e}")))?;
    let cert = pem
        .parse_x509()
        .map_err(|e| PkiError::Invalid(format!("not an X.509 certificate: {e}")))?;
    let subject = cert.subject();
    let common_name = subject
        .iter_common_name()
        .find_map(|cn| cn.as_str().ok())
        .unwrap_or_default()
        .to_string();
    let role = subject
        .iter_organizational_unit()
        .find_map(|ou| ou.as_str().ok())
        .unwrap_or_default()
        .to_string();
    Ok(Subject { common_name, role })
}

#[derive(Debug, thiserror::Error)]
pub enum PkiError {
    #[error("certificate generation failed: {0}")]
    Generate(#[from] rcgen::Error),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Invalid(String),
}

/// A certificate and its private key, both PEM.
#[derive(Clone)]
pub struct Material {
    pub cert_pem: String,
    pub key_pem: String,
}

impl std::fmt::Debug for Material {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Material")
            .field("cert_pem", &format_args!("{} bytes", self.cert_pem.len()))
            .field("key_pem", &"<redacted>")
            .finish()
    }
}

/// A certificate authority that can issue server and client certificates.
pub struct Authority {
    material: Material,
    issuer: Issuer<'static, KeyPair>,
}

impl std::fmt::Debug for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authority").finish_non_exhaustive()
    }
}

/// How long certificates stay valid; long, so development setups and tests do not rot.
const VALIDITY: Duration = Duration::days(3650);

fn validity(params: &mut CertificateParams, not_before: OffsetDateTime, not_after: OffsetDateTime) {
    params.not_before = not_before;
    params.not_after = not_after;
}

impl Authority {
    /// A new self-signed CA named `name`.
    pub fn new(name: &str) -> Result<Self, PkiError> {
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, name);
        dn.push(DnType::OrganizationName, "worker");
        params.distinguished_name = dn;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let now = OffsetDateTime::now_utc();
        validity(&mut params, now - Duration::hours(1), now + VALIDITY);
        let key = KeyPair::generate()?;
        let cert = params.self_signed(&key)?;
        let material = Material {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        };
        Ok(Self {
            issuer: Issuer::new(params, key),
            material,
        })
    }

    /// Loads a CA from its certificate and key.
    pub fn from_pem(cert_pem: &str, key_pem: &str) -> Result<Self, PkiError> {
        let key = KeyPair::from_pem(key_pem)?;
        let issuer = Issuer::from_ca_cert_pem(cert_pem, key)?;
        Ok(Self {
            issuer,
            material: Material {
                cert_pem: cert_pem.to_string(),
                key_pem: key_pem.to_string(),
            },
        })
    }

    pub fn material(&self) -> &Material {
        &self.material
    }

    /// A server certificate for `names` (DNS names or IP addresses).
    pub fn server(&self, names: &[&str]) -> Result<Material, PkiError> {
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        params.subject_alt_names = names
            .iter()
            .map(|n| match n.parse::<std::net::IpAddr>() {
                Ok(ip) => Ok(SanType::IpAddress(ip)),
                Err(_) => Ok(SanType::DnsName((*n).try_into()?)),
            })
            .collect::<Result<_, rcgen::Error>>()?;
        let mut dn = DistinguishedName::new();
        dn.push(
            DnType::CommonName,
            names.first().copied().unwrap_or("workerd"),
        );
        params.distinguished_name = dn;
        params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let now = OffsetDateTime::now_utc();
        validity(&mut params, now - Duration::hours(1), now + VALIDITY);
        self.sign(params)
    }

    /// A client certificate with CN `name` and OU `role`.
    pub fn client(&self, name: &str, role: &str) -> Result<Material, PkiError> {
        let now = OffsetDateTime::now_utc();
        self.client_valid(name, role, now - Duration::hours(1), now + VALIDITY)
    }

    /// A client certificate valid only between the given times (tests make expired ones).
    pub fn client_valid(
        &self,
        name: &str,
        role: &str,
        not_before: OffsetDateTime,
        not_after: OffsetDateTime,
    ) -> Result<Material, PkiError> {
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        let mut dn = DistinguishedName::new();
        dn.push(DnType::CommonName, name);
        if !role.is_empty() {
            dn.push(DnType::OrganizationalUnitName, role);
        }
        params.distinguished_name = dn;
        params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
        validity(&mut params, not_before, not_after);
        self.sign(params)
    }

    fn sign(&self, params: CertificateParams) -> Result<Material, PkiError> {
        let key = KeyPair::generate()?;
        let cert = params.signed_by(&key, &self.issuer)?;
        Ok(Material {
            cert_pem: cert.pem(),
            key_pem: key.serialize_pem(),
        })
    }
}

/// Where the files of a PKI directory live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PkiPaths {
    pub dir: PathBuf,
}

impl PkiPaths {
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    pub fn ca_cert(&self) -> PathBuf {
        self.dir.join("ca.pem")
    }

    pub fn ca_key(&self) -> PathBuf {
        self.dir.join("ca-key.pem")
    }

    pub fn server_cert(&self) -> PathBuf {
        self.dir.join("server.pem")
    }

    pub fn server_key(&self) -> PathBuf {
        self.dir.join("server-key.pem")
    }

    /// The certificate of the client with `role` (its CN is the role too).
    pub fn client_cert(&self, role: &str) -> PathBuf {
        self.dir.join(format!("{role}.pem"))
    }

    pub fn client_key(&self, role: &str) -> PathBuf {
        self.dir.join(format!("{role}-key.pem"))
    }

    /// True when every file of a complete PKI is present.
    pub fn is_complete(&self) -> bool {
        let mut files = vec![
            self.ca_cert(),
            self.ca_key(),
            self.server_cert(),
            self.server_key(),
        ];
        for role in ROLES {
            files.push(self.client_cert(role));
            files.push(self.client_key(role));
        }
        files.iter().all(|f| f.is_file())
    }
}

/// Writes `contents` to `path`, readable by the owner only when `secret`.
pub fn write_file(path: &Path, contents: &str, secret: bool) -> Result<(), PkiError> {
    let io = |source| PkiError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut options = fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(if secret { 0o600 } else { 0o644 });
    }
    let mut file = options.open(path).map_err(io)?;
    file.write_all(contents.as_bytes()).map_err(io)?;
    file.sync_all().map_err(io)?;
    Ok(())
}

/// Makes a complete PKI in `dir`: CA, a server certificate for `server_names`, and one client
/// certificate per role in [`ROLES`] (CN = OU = role). Existing files are overwritten.
pub fn init(dir: &Path, server_names: &[&str]) -> Result<PkiPaths, PkiError> {
    fs::create_dir_all(dir).map_err(|source| PkiError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = fs::set_permissions(dir, fs::Permissions::from_mode(0o700));
    }
    let paths = PkiPaths::new(dir);
    let ca = Authority::new("worker development CA")?;
    let server = ca.server(server_names)?;
    write_file(&paths.ca_cert(), &ca.material().cert_pem, false)?;
    write_file(&paths.ca_key(), &ca.material().key_pem, true)?;
    write_file(&paths.server_cert(), &server.cert_pem, false)?;
    write_file(&paths.server_key(), &server.key_pem, true)?;
    for role in ROLES {
        let client = ca.client(role, role)?;
        write_file(&paths.client_cert(role), &client.cert_pem, false)?;
        write_file(&paths.client_key(role), &client.key_pem, true)?;
    }
    Ok(paths)
}

/// The audit chain key's file name in a PKI directory.
pub const AUDIT_KEY_FILE: &str = "audit.key";

/// The audit chain's HMAC key in `path` (hex text): made from 32 random bytes (0600, written
/// beside its place and renamed in) when missing. Returns the key's bytes and whether it was
/// made now. An existing key is never replaced: the chain written with it must keep verifying.
pub fn ensure_audit_key(path: &Path) -> Result<(Vec<u8>, bool), PkiError> {
    let io = |source| PkiError::Io {
        path: path.to_path_buf(),
        source,
    };
    let made = if path.exists() {
        false
    } else {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(io)?;
        }
        let bytes: [u8; 32] = rand::random();
        let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let staging = path.with_extension(format!("tmp-{}", std::process::id()));
        write_file(&staging, &format!("{hex}\n"), true)?;
        fs::rename(&staging, path).map_err(io)?;
        true
    };
    let text = fs::read_to_string(path).map_err(io)?;
    let text = text.trim();
    let bytes = (0..text.len())
        .step_by(2)
        .map(|i| {
            text.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()
        .filter(|b| text.len() % 2 == 0 && b.len() >= 16)
        .ok_or_else(|| {
            PkiError::Invalid(format!(
                "{} is not an audit key: it must hold at least 32 hex digits",
                path.display()
            ))
        })?;
    Ok((bytes, made))
}

/// The development PKI in `dir`: created on first use (for localhost and 127.0.0.1), reused
/// after. Returns its paths and whether it was created now.
pub fn ensure_dev(dir: &Path) -> Result<(PkiPaths, bool), PkiError> {
    let paths = PkiPaths::new(dir);
    if paths.is_complete() {
        ensure_audit_key(&dir.join(AUDIT_KEY_FILE))?;
        return Ok((paths, false));
    }
    // A directory that holds only the audit key (made by a `workerd` with configured
    // certificates) is kept: the key moves into the new PKI.
    let only_key = fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .all(|e| e.file_name() == AUDIT_KEY_FILE)
        })
        .unwrap_or(false);
    if dir.exists() && !only_key {
        return Err(PkiError::Invalid(format!(
            "{} holds an incomplete PKI; remove it to have a new one made, or set WORKER_ADMIN_TLS_CERT, _KEY and _CA",
            dir.display()
        )));
    }
    // Made beside its final place and renamed into it, so nobody ever sees half a PKI.
    let staging = dir.with_extension(format!("tmp-{}", std::process::id()));
    let _ = fs::remove_dir_all(&staging);
    init(&staging, &["localhost", "127.0.0.1"])?;
    let io = |source| PkiError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if dir.exists() {
        fs::rename(dir.join(AUDIT_KEY_FILE), staging.join(AUDIT_KEY_FILE)).map_err(io)?;
        fs::remove_dir(dir).map_err(io)?;
    }
    ensure_audit_key(&staging.join(AUDIT_KEY_FILE))?;
    fs::rename(&staging, dir).map_err(io)?;
    Ok((paths, true))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn subject(pem: &str) -> (String, String) {
        let s = subject_of_pem(pem).unwrap();
        (s.common_name, s.role)
    }

    #[test]
    fn garbage_is_not_a_subject() {
        assert!(subject_of_pem("hello").is_err());
    }

    #[test]
    fn dev_pki_is_made_once_with_roles_in_the_ou_and_private_keys() {
        let dir = tempfile::tempdir().unwrap();
        let pki_dir = dir.path().join("pki");
        let (paths, created) = ensure_dev(&pki_dir).unwrap();
        assert!(created);
        let (_, again) = ensure_dev(&pki_dir).unwrap();
        assert!(!again, "an existing PKI is reused");
        for role in ROLES {
            let pem = fs::read_to_string(paths.client_cert(role)).unwrap();
            assert_eq!(subject(&pem), (role.to_string(), role.to_string()));
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                let mode = fs::metadata(paths.client_key(role))
                    .unwrap()
                    .permissions()
                    .mode();
                assert_eq!(mode & 0o777, 0o600, "{role} key must be private");
            }
        }
        let server = fs::read_to_string(paths.server_cert()).unwrap();
        let (_, der) = x509_parser::pem::parse_x509_pem(server.as_bytes()).unwrap();
        let cert = der.parse_x509().unwrap();
        let sans = cert
            .subject_alternative_name()
            .unwrap()
            .unwrap()
            .value
            .general_names
            .len();
        assert_eq!(sans, 2);
        // Long-lived, so development setups do not rot.
        let not_after = cert.validity().not_after.timestamp();
        assert!(not_after > OffsetDateTime::now_utc().unix_timestamp() + 5 * 365 * 86_400);
    }

    #[test]
    fn a_loaded_authority_issues_certificates() {
        let ca = Authority::new("test").unwrap();
        let loaded = Authority::from_pem(&ca.material().cert_pem, &ca.material().key_pem).unwrap();
        let client = loaded.client("alice", "operator").unwrap();
        assert_eq!(
            subject(&client.cert_pem),
            ("alice".into(), "operator".into())
        );
    }
}
