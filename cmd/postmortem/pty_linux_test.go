//go:build linux

package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// openPTY opens a pseudo-terminal and returns its terminal side, as a
// program whose standard output is a terminal has it.
func openPTY(t *testing.T) *os.File {
	t.Helper()
	master, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Fatalf("a pseudo-terminal is needed: %v", err)
	}
	t.Cleanup(func() { master.Close() })
	var n, unlock uint32
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCGPTN, uintptr(unsafe.Pointer(&n))); errno != 0 {
		t.Fatal(errno)
	}
	if _, _, errno := syscall.Syscall(syscall.SYS_IOCTL, master.Fd(), syscall.TIOCSPTLCK, uintptr(unsafe.Pointer(&unlock))); errno != 0 {
		t.Fatal(errno)
	}
	go io.Copy(io.Discard, master) // what the terminal shows
	tty, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|syscall.O_NOCTTY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tty.Close() })
	return tty
}

// TestPDFNotToTerminal checks that report -format pdf refuses to write
// the PDF's bytes to a terminal (as gzip refuses), with a hint, and that
// it still writes them to standard output when that is not a terminal, or
// to -out FILE whatever standard output is.
func TestPDFNotToTerminal(t *testing.T) {
	tty := openPTY(t)
	var stderr strings.Builder
	args := []string{"report", "-incident", seedIncident, "-format", "pdf"}
	if code := runContext(t.Context(), args, strings.NewReader(""), tty, &stderr); code != exitUsage {
		t.Fatalf("exit status %d, want %d; stderr:\n%s", code, exitUsage, stderr.String())
	}
	if !strings.Contains(stderr.String(), "refusing to write a PDF to the terminal: give -out FILE") {
		t.Errorf("stderr = %q, want the refusal and its hint", stderr.String())
	}

	out := filepath.Join(t.TempDir(), "report.pdf")
	if code := runContext(t.Context(), append(args, "-out", out), strings.NewReader(""), tty, &stderr); code != exitOK {
		t.Fatalf("-out FILE with a terminal on stdout: exit status %d; stderr:\n%s", code, stderr.String())
	}
	if !strings.HasPrefix(string(readFile(t, out)), "%PDF") {
		t.Error("-out FILE does not hold a PDF")
	}

	r := runCLI(t, "", args...) // standard output is not a terminal
	r.wantCode(t, exitOK)
	if !strings.HasPrefix(r.stdout, "%PDF") {
		t.Error("standard output that is not a terminal does not get the PDF")
	}
	md := runContext(t.Context(), []string{"report", "-incident", seedIncident, "-format", "md"}, strings.NewReader(""), tty, &stderr)
	if md != exitOK {
		t.Errorf("Markdown to a terminal: exit status %d, want 0", md)
	}
}
