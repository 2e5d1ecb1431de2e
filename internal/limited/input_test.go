package limited

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
)

// zeros is an endless reader of zero bytes, as /dev/zero is.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.n += int64(len(p))
	return len(p), nil
}

func TestReadAllStopsAtTheLimit(t *testing.T) {
	z := &zeros{}
	data, err := ReadAll(z, 1000)
	if err != nil || len(data) != 1001 {
		t.Fatalf("ReadAll(endless) = %d bytes, %v; want 1001 (the limit and one)", len(data), err)
	}
	if z.n > 1<<16 {
		t.Errorf("read %d bytes of an endless input for a limit of 1000", z.n)
	}
	data, err = ReadAll(strings.NewReader("small"), 1000)
	if err != nil || string(data) != "small" {
		t.Errorf("ReadAll(small) = %q, %v", data, err)
	}
	want := errors.New("disk on fire")
	if _, err := ReadAll(iotest.ErrReader(want), 10); !errors.Is(err, want) {
		t.Errorf("ReadAll(failing) = %v", err)
	}
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(dir, 10); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("ReadFile(directory) = %v", err)
	}
	name := dir + "/a.yaml"
	if err := os.WriteFile(name, []byte("id: x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadFile(name, 3); err != nil || string(data) != "id: " {
		t.Errorf("ReadFile over the limit = %q, %v; want the limit and one byte", data, err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		if data, err := ReadFile("/dev/zero", 1<<20); err != nil || len(data) != 1<<20+1 {
			t.Errorf("ReadFile(/dev/zero) = %d bytes, %v", len(data), err)
		}
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		max     int
		want    string // what reads before the error
		wantErr string
	}{
		{"short lines", "a,b\nc,d\n", 10, "a,b\nc,d\n", ""},
		{"no final line feed", "a,b\nc,d", 10, "a,b\nc,d", ""},
		{"CRLF", "a,b\r\nc,d\r\n", 10, "a,b\r\nc,d\r\n", ""},
		{"a line exactly at the limit", "abcd\nef\n", 4, "abcd\nef\n", ""},
		{"a line over the limit", "ab\nabcde\nxy\n", 4, "ab\n", "a line longer than 4 bytes"},
		{"the first line over the limit", "abcde\n", 4, "", "a line longer than 4 bytes"},
		{"CR only", "id,plan_id\rs-1,pro\rs-2,pro\r", 100, "", "lines end in a bare carriage return"},
		{"CR only, longer than the limit", "id,plan_id\r" + strings.Repeat("s-1,pro\r", 100), 50, "", "lines end in a bare carriage return"},
		{"a CR inside a later line is data", "a,b\nc\rd\n", 10, "a,b\nc\rd\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, read := range []struct {
				name string
				r    func(io.Reader) io.Reader
			}{{"whole", func(r io.Reader) io.Reader { return r }}, {"byte by byte", iotest.OneByteReader}} {
				var got bytes.Buffer
				_, err := got.ReadFrom(Lines(read.r(strings.NewReader(tt.in)), tt.max))
				if tt.wantErr == "" && err != nil || tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
					t.Errorf("%s: error %v, want %q", read.name, err, tt.wantErr)
				}
				if !strings.HasPrefix(got.String(), tt.want) || len(got.String()) > len(tt.want)+tt.max {
					t.Errorf("%s: read %q, want %q and at most %d bytes of the bad line", read.name, got.String(), tt.want, tt.max)
				}
			}
		})
	}
	z := &zeros{}
	if _, err := io.Copy(io.Discard, Lines(z, 1<<16)); err == nil || z.n > 1<<20 {
		t.Errorf("Lines(endless zeros) = %v after %d bytes", err, z.n)
	}
}
