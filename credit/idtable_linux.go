package credit

import "syscall"

// adviseHuge asks Linux to back b with transparent huge pages, where they
// are enabled "always" or "madvise" (an error only means they are not).
func adviseHuge(b []byte) { _ = syscall.Madvise(b, syscall.MADV_HUGEPAGE) }
