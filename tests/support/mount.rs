//! Real resource faults for tests: each test mounts a small tmpfs of its own
//! under its own temporary folder (we run as root, where chmod stops nothing)
//! and unmounts it on drop, pass or fail.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use tempfile::TempDir;

/// A CLI desk whose database lives on a 4 MiB tmpfs of its own, with one case (R-2026-0001).
pub fn desk_on_tmpfs() -> (super::cli::Desk, Tmpfs) {
    let disk = Tmpfs::new(4096);
    let mut desk = super::cli::Desk::new();
    desk.db = disk.path("dsar.db");
    desk.quick_case("ann@example.com", "Ann Lee");
    (desk, disk)
}

pub struct Tmpfs {
    pub dir: TempDir,
    /// The mount point.
    pub root: PathBuf,
    /// Files bind-mounted read-only onto themselves, unmounted first.
    binds: Vec<PathBuf>,
}

fn mount(args: &[&str]) {
    let out = Command::new("mount").args(args).output().expect("run mount");
    assert!(out.status.success(), "mount {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

impl Tmpfs {
    /// A tmpfs of `kib` KiB.
    pub fn new(kib: u32) -> Tmpfs {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("disk");
        std::fs::create_dir(&root).unwrap();
        mount(&["-t", "tmpfs", "-o", &format!("size={kib}k,mode=0700"), "tmpfs", root.to_str().unwrap()]);
        Tmpfs { dir, root, binds: Vec::new() }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    fn filler(&self) -> PathBuf {
        self.root.join("filler")
    }

    /// Fills the disk to the last byte.
    pub fn fill(&self) {
        let mut file = std::fs::OpenOptions::new().create(true).append(true).open(self.filler()).unwrap();
        let chunk = vec![0u8; 4096];
        while file.write_all(&chunk).is_ok() {}
        let _ = file.flush();
    }

    /// Frees what [`fill`](Self::fill) took.
    pub fn free(&self) {
        std::fs::remove_file(self.filler()).unwrap();
    }

    pub fn remount(&self, read_only: bool) {
        let opt = if read_only { "remount,ro" } else { "remount,rw" };
        mount(&["-o", opt, self.root.to_str().unwrap()]);
    }

    /// Makes `file` read-only (a read-only bind mount onto itself); its folder stays writable.
    pub fn bind_read_only(&mut self, file: &Path) {
        let f = file.to_str().unwrap();
        mount(&["--bind", f, f]);
        self.binds.push(file.to_owned());
        mount(&["-o", "remount,bind,ro", f]);
    }

    /// Makes the files of [`bind_read_only`](Self::bind_read_only) writable again.
    pub fn unbind(&mut self) {
        for b in self.binds.drain(..).rev() {
            let out = Command::new("umount").arg(&b).output().unwrap();
            assert!(out.status.success(), "umount {}: {}", b.display(), String::from_utf8_lossy(&out.stderr));
        }
    }

    /// Unmounts the disk now (lazily, as `umount -l` does with files still open).
    pub fn unmount(&mut self) {
        for b in self.binds.drain(..).rev() {
            let _ = Command::new("umount").arg("-l").arg(b).output();
        }
        let _ = Command::new("umount").arg("-l").arg(&self.root).output();
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        self.unmount();
    }
}
