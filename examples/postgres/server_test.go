package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// startPostgres starts a PostgreSQL server of its own for the test, in a
// temporary folder, listening only on a Unix socket there, and returns a
// connection string for it. The server is stopped and the folder removed
// when the test ends, failed or not.
//
// Debian puts initdb and pg_ctl in /usr/lib/postgresql/<version>/bin; they
// refuse to run as root, so as root (CI) the server runs as the postgres
// user, which owns the folder. A machine without PostgreSQL fails the test
// with what to install: this test is never skipped.
func startPostgres(t *testing.T) string {
	t.Helper()
	bin := postgresBin(t)
	dir, err := os.MkdirTemp("", "postmortem-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	// The socket folder must be reachable by the server's user.
	if err := os.Chmod(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	data := filepath.Join(dir, "data")
	var asServer func(name string, args ...string) *exec.Cmd
	if os.Geteuid() == 0 {
		pg, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("running as root needs the postgres user to run the server as (Debian's postgresql package creates it): %v", err)
		}
		uid, _ := strconv.Atoi(pg.Uid)
		gid, _ := strconv.Atoi(pg.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		asServer = func(name string, args ...string) *exec.Cmd {
			return exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(bin, name)}, args...)...)
		}
	} else {
		asServer = func(name string, args ...string) *exec.Cmd {
			return exec.Command(filepath.Join(bin, name), args...)
		}
	}
	runCmd := func(cmd *exec.Cmd) {
		t.Helper()
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s", cmd, err, out.Bytes())
		}
	}
	runCmd(asServer("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"))
	// No TCP listener at all; no fsync, for speed (a test server holds
	// nothing worth keeping).
	opts := fmt.Sprintf("-k %s -c listen_addresses= -p 5432 -c fsync=off -c synchronous_commit=off -c full_page_writes=off", dir)
	runCmd(asServer("pg_ctl", "-D", data, "-l", filepath.Join(dir, "server.log"), "-o", opts, "-w", "-t", "60", "start"))
	t.Cleanup(func() {
		cmd := asServer("pg_ctl", "-D", data, "-m", "fast", "-w", "-t", "60", "stop")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("stopping the test server: %v\n%s", err, out)
		}
	})
	return fmt.Sprintf("host=%s port=5432 user=postgres dbname=postgres sslmode=disable", dir)
}

// postgresBin returns the folder of initdb and pg_ctl: Debian's newest
// /usr/lib/postgresql/<version>/bin, else the folder of initdb on PATH.
func postgresBin(t *testing.T) string {
	t.Helper()
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return va - vb
	})
	for i := len(dirs) - 1; i >= 0; i-- {
		if _, err := os.Stat(filepath.Join(dirs[i], "initdb")); err == nil {
			return dirs[i]
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	t.Fatal("no PostgreSQL server found (initdb in /usr/lib/postgresql/*/bin or on PATH): install Debian's postgresql package (apt-get install postgresql); .ci/run does")
	return ""
}
