package allocs

import "testing"

var sink []byte

func TestBytes(t *testing.T) {
	if n := Bytes(func() { sink = make([]byte, 1<<20) }); n < 1<<20 || n > 1<<20+1<<16 {
		t.Errorf("a 1 MiB slice counted %d bytes", n)
	}
	if n := Bytes(func() {}); n > 1<<12 {
		t.Errorf("nothing counted %d bytes", n)
	}
}
