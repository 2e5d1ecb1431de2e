// Package source is the home of the importers of other tools' formats, one
// package each: statuspage (Atlassian Statuspage incidents), pagerduty
// (PagerDuty incidents and their log entries), openslo (OpenSLO SLO
// documents, as sla policies) and prometheus (range query results, as
// request counts). They sit above rca and sla: those packages keep the model
// and the arithmetic, these the vendors' formats, and a new format is one
// new folder.
//
// This package itself holds what writing imported incidents to files
// needs on every system: FileNames.
package source

import (
	"fmt"
	"hash/fnv"
	"strings"
)

// MaxNameLength is the longest base name FileNames gives (before its
// extension and any numeric suffix), in bytes: far inside the 255 bytes
// file systems allow, with room for a folder.
const MaxNameLength = 100

// FileNames returns a file name for each of ids (incident ids), with the
// extension ext ("yaml"), such that the names are safe and distinct on
// every common file system:
//
//   - characters other than ASCII letters, digits, "-", "_" and "." become
//     "_", and leading dots are dropped, so a name never leaves its folder
//     nor hides; an empty id is "incident";
//   - an id longer than MaxNameLength is cut, and a hash of the whole id
//     appended, so that two long ids sharing a beginning stay apart;
//   - Windows' device names (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, in
//     any case and with any extension) get a leading "_";
//   - names that differ only in case ("dup", "DUP"), which one file on a
//     case-insensitive file system (macOS, Windows) would hold, get a
//     numeric suffix ("DUP-2"), as do repeated ids.
//
// The result is in the order of ids.
func FileNames(ids []string, ext string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, len(ids))
	for i, id := range ids {
		base := FileName(id)
		name := base
		for n := 2; seen[strings.ToLower(name)]; n++ {
			name = fmt.Sprintf("%s-%d", base, n)
		}
		seen[strings.ToLower(name)] = true
		out[i] = name + "." + ext
	}
	return out
}

// FileName returns id as a safe file name, without extension: the rules of
// FileNames but the last (it knows no other name to keep apart from).
func FileName(id string) string {
	name := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, id)
	name = strings.TrimLeft(name, ".")
	if name == "" {
		name = "incident"
	}
	if len(name) > MaxNameLength {
		h := fnv.New32a()
		h.Write([]byte(id))
		suffix := fmt.Sprintf("-%08x", h.Sum32())
		name = name[:MaxNameLength-len(suffix)] + suffix
	}
	if isDeviceName(name) {
		name = "_" + name
	}
	return name
}

// isDeviceName reports whether Windows reserves name for a device: its
// part before the first dot is one of the device names, in any case.
func isDeviceName(name string) bool {
	stem, _, _ := strings.Cut(name, ".")
	switch strings.ToUpper(stem) {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(stem) == 4 {
		switch strings.ToUpper(stem[:3]) {
		case "COM", "LPT":
			return stem[3] >= '0' && stem[3] <= '9'
		}
	}
	return false
}

// File is one export file given to an importer.
//
// File is safe for concurrent use as long as no goroutine modifies Data.
type File struct {
	Name string // the name problems give
	Data []byte
}
