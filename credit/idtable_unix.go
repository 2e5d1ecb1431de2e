//go:build unix

package credit

import (
	"syscall"
	"unsafe"
)

// newTable returns a zeroed fingerprint table of 2^tableBits slots and the
// function that releases it. It is an anonymous memory mapping, outside the
// garbage-collected heap (see idSet): pages are only backed by memory when
// first written. Where the system has them, the mapping asks for huge
// pages (adviseHuge): ids land in random slots, so with 4 KiB pages
// nearly every probe would miss the processor's page-table cache and a
// million ids would take as many page faults as the table has pages.
func newTable() ([]uint32, func()) {
	const size = 4 << tableBits
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_ANON|syscall.MAP_PRIVATE)
	if err != nil {
		return make([]uint32, 1<<tableBits), func() {}
	}
	adviseHuge(b)
	return unsafe.Slice((*uint32)(unsafe.Pointer(unsafe.SliceData(b))), 1<<tableBits), func() { syscall.Munmap(b) }
}
