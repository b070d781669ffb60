//! The hot transitions (lease, complete) as one Redis Functions library: a script sent with
//! `EVALSHA` builds its whole prelude (some 40 Lua closures) on every call, about 6 µs of Redis
//! CPU before its first command; a library builds it once when loaded and `FCALL` only sets the
//! keys and arguments. The library is named after its code's hash, so nodes of different
//! versions sharing a Redis each call their own. A Redis that lost it (restarted without
//! persistence) gets it again on the first `Function not found`; a Redis that refuses to load it
//! (an ACL without `FUNCTION`, a managed Redis) is served by the same scripts over `EVALSHA`.

use std::sync::atomic::{AtomicBool, Ordering};

use redis::{FromRedisValue, Script, ToRedisArgs};

use super::conn::Conn;
use super::keys::Keys;

const PRELUDE: &str = concat!(
    include_str!("lua/live.lua"),
    "\n",
    include_str!("lua/dlq_text.lua"),
    "\n",
    include_str!("lua/prelude.lua")
);

/// The library's code and the names of its functions.
pub(super) struct Library {
    code: String,
    pub(super) lease: String,
    pub(super) complete: String,
    /// Cleared when Redis refused to load the library: the scripts serve instead.
    usable: AtomicBool,
}

impl Library {
    pub(super) fn new() -> Self {
        let body = format!(
            "local KEYS, ARGV = {{}}, {{}}\n\
             local AUDIT = nil\n\
             local function write_audit_into()\n  return error({{ err = 'NO_AUDIT no audited write here' }})\nend\n\
             {PRELUDE}\n\
             local function lease_body()\n{}\nend\n\
             local function complete_body()\n{}\nend\n",
            include_str!("lua/lease.lua"),
            include_str!("lua/complete.lua"),
        );
        let hash = Script::new(&body).get_hash()[..16].to_string();
        let lease = format!("worker_{hash}_lease");
        let complete = format!("worker_{hash}_complete");
        // Each call starts with its own keys and arguments and no writes held back (a call
        // that failed half-way may have left some).
        let code = format!(
            "#!lua name=worker_{hash}\n{body}\n\
             local function entry(body)\n  return function(keys, args)\n    KEYS = keys\n    ARGV = args\n    DEFER = nil\n    return body()\n  end\nend\n\
             redis.register_function('{lease}', entry(lease_body))\n\
             redis.register_function('{complete}', entry(complete_body))\n"
        );
        Self {
            code,
            lease,
            complete,
            usable: AtomicBool::new(true),
        }
    }

    /// Loads the library (a no-op when it is there). A refusal other than Redis being away
    /// turns the library off for this process: the scripts serve instead.
    pub(super) async fn load(&self, conn: &mut Conn) -> Result<(), redis::RedisError> {
        let mut cmd = redis::cmd("FUNCTION");
        cmd.arg("LOAD").arg(&self.code);
        match cmd.query_async::<redis::Value>(conn).await {
            Ok(_) => Ok(()),
            Err(e) if e.to_string().contains("already exists") => Ok(()),
            Err(e) if e.is_io_error() || e.is_connection_dropped() || e.is_timeout() => Err(e),
            Err(e) => {
                tracing::warn!(error = %e, "redis refused the store's function library; using scripts (EVALSHA)");
                self.usable.store(false, Ordering::Relaxed);
                Ok(())
            }
        }
    }
}

/// One call of a library function (or of its script when the library is off), with the
/// global keys and one key group per queue, like `RedisStore::invocation`.
pub(super) struct Call<'a> {
    function: &'a str,
    script: &'a Script,
    keys: Vec<Vec<u8>>,
    args: Vec<Vec<u8>>,
}

impl<'a> Call<'a> {
    pub(super) fn new(function: &'a str, script: &'a Script, keys: &Keys, queues: &[&str]) -> Self {
        let mut all: Vec<Vec<u8>> = keys
            .globals
            .iter()
            .map(|k| k.clone().into_bytes())
            .collect();
        for q in queues {
            all.extend(keys.queue(q).map(String::into_bytes));
        }
        Self {
            function,
            script,
            keys: all,
            args: Vec::new(),
        }
    }

    pub(super) fn arg<T: ToRedisArgs>(&mut self, arg: T) -> &mut Self {
        arg.write_redis_args(&mut self.args);
        self
    }

    pub(super) async fn invoke<T: FromRedisValue>(
        &self,
        library: &Library,
        conn: &mut Conn,
    ) -> Result<T, redis::RedisError> {
        if library.usable.load(Ordering::Relaxed) {
            let mut cmd = redis::cmd("FCALL");
            cmd.arg(self.function)
                .arg(self.keys.len())
                .arg(&self.keys)
                .arg(&self.args);
            match cmd.query_async(conn).await {
                Err(e) if e.to_string().contains("Function not found") => {
                    library.load(conn).await?;
                }
                result => return result,
            }
            if library.usable.load(Ordering::Relaxed) {
                return cmd.query_async(conn).await;
            }
        }
        let mut inv = self.script.prepare_invoke();
        inv.key(&self.keys).arg(&self.args);
        inv.invoke_async(conn).await
    }
}
