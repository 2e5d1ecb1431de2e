package rca

import "github.com/outagekit/postmortem/internal/enum"

// Level is the status of a component, in Atlassian Statuspage's vocabulary.
// Levels are ordered from best to worst, so a > b means a is worse: planned
// maintenance ranks below any unplanned degradation. The zero Level is
// Operational.
//
// Level is a plain value: safe for concurrent use.
type Level uint8

// The component levels. Their names in files are the snake_case constant
// names: "operational", "under_maintenance", "degraded_performance",
// "partial_outage", "major_outage".
const (
	Operational Level = iota
	UnderMaintenance
	DegradedPerformance
	PartialOutage
	MajorOutage

	// NumLevels is the number of levels, for tables indexed by Level.
	NumLevels = int(MajorOutage) + 1
)

var levelNames = enum.Names[Level]{"operational", "under_maintenance", "degraded_performance", "partial_outage", "major_outage"}

// ParseLevel returns the level with the given name.
func ParseLevel(s string) (Level, error) { return levelNames.Parse(s) }

func (l Level) String() string                { return levelNames.String(l) }
func (l Level) MarshalText() ([]byte, error)  { return []byte(l.String()), nil }
func (l *Level) UnmarshalText(b []byte) error { return levelNames.Unmarshal(l, b) }

// EventKind says what a timeline event marks. The milestone kinds (Started
// through Closed) define the incident's metrics; PublicUpdate and Note do
// not. The zero EventKind is invalid, so a missing kind is caught.
//
// EventKind is a plain value: safe for concurrent use.
type EventKind uint8

// The event kinds. Their names in files are the snake_case constant names:
// "started", "detected", …, "partially_restored", …, "public_update", "note".
const (
	// Started: customer impact begins (the outage clock starts).
	Started EventKind = iota + 1
	// Detected: the team, its monitoring or a customer notices the problem.
	Detected
	// Acknowledged: a responder takes ownership of the alert or report.
	Acknowledged
	// Declared: an incident is formally declared (the incident clock starts).
	Declared
	// Identified: the cause is known.
	Identified
	// Mitigated: the impact is stopped or worked around, even if not fixed.
	Mitigated
	// PartiallyRestored: part of the service is back.
	PartiallyRestored
	// Resolved: customer impact is over (the outage clock stops).
	Resolved
	// Closed: the incident process is over (the incident clock stops).
	Closed
	// PublicUpdate: a message to customers (status page, blog, social, email).
	PublicUpdate
	// Note: anything else worth recording.
	Note
)

var eventKindNames = enum.Names[EventKind]{"", "started", "detected", "acknowledged", "declared", "identified", "mitigated", "partially_restored", "resolved", "closed", "public_update", "note"}

// ParseEventKind returns the event kind with the given name.
func ParseEventKind(s string) (EventKind, error) { return eventKindNames.Parse(s) }

// IsMilestone reports whether k is one of the kinds Started … Closed.
func (k EventKind) IsMilestone() bool { return k >= Started && k <= Closed }

func (k EventKind) String() string                { return eventKindNames.String(k) }
func (k EventKind) MarshalText() ([]byte, error)  { return []byte(k.String()), nil }
func (k *EventKind) UnmarshalText(b []byte) error { return eventKindNames.Unmarshal(k, b) }

// Status is where the incident is in its lifecycle, in Statuspage's
// vocabulary. The zero Status is Investigating.
//
// Status is a plain value: safe for concurrent use.
type Status uint8

// The incident statuses; names in files: "investigating", "identified",
// "monitoring", "resolved", "postmortem".
const (
	Investigating Status = iota
	StatusIdentified
	Monitoring
	StatusResolved
	Postmortem
)

var statusNames = enum.Names[Status]{"investigating", "identified", "monitoring", "resolved", "postmortem"}

// ParseStatus returns the status with the given name.
func ParseStatus(s string) (Status, error) { return statusNames.Parse(s) }

func (s Status) String() string                { return statusNames.String(s) }
func (s Status) MarshalText() ([]byte, error)  { return []byte(s.String()), nil }
func (s *Status) UnmarshalText(b []byte) error { return statusNames.Unmarshal(s, b) }

// Channel is where a public update was published. The zero Channel is
// StatusPage.
//
// Channel is a plain value: safe for concurrent use.
type Channel uint8

// The channels; names in files: "status_page", "blog", "social", "email",
// "other".
const (
	StatusPage Channel = iota
	Blog
	Social
	Email
	OtherChannel
)

var channelNames = enum.Names[Channel]{"status_page", "blog", "social", "email", "other"}

// ParseChannel returns the channel with the given name.
func ParseChannel(s string) (Channel, error) { return channelNames.Parse(s) }

func (c Channel) String() string                { return channelNames.String(c) }
func (c Channel) MarshalText() ([]byte, error)  { return []byte(c.String()), nil }
func (c *Channel) UnmarshalText(b []byte) error { return channelNames.Unmarshal(c, b) }

// ActionType classifies an action item. The zero ActionType is invalid.
//
// ActionType is a plain value: safe for concurrent use.
type ActionType uint8

// The action types; names in files: "mitigate", "prevent", "process".
const (
	// Mitigate: reduce the impact if it happens again.
	Mitigate ActionType = iota + 1
	// Prevent: stop it from happening again.
	Prevent
	// Process: change how the team detects, responds or communicates.
	Process
)

var actionTypeNames = enum.Names[ActionType]{"", "mitigate", "prevent", "process"}

// ParseActionType returns the action type with the given name.
func ParseActionType(s string) (ActionType, error) { return actionTypeNames.Parse(s) }

func (t ActionType) String() string                { return actionTypeNames.String(t) }
func (t ActionType) MarshalText() ([]byte, error)  { return []byte(t.String()), nil }
func (t *ActionType) UnmarshalText(b []byte) error { return actionTypeNames.Unmarshal(t, b) }

// ActionStatus is the state of an action item. The zero ActionStatus is Open.
//
// ActionStatus is a plain value: safe for concurrent use.
type ActionStatus uint8

// The action statuses; names in files: "open", "in_progress", "done",
// "wont_do". Done and WontDo items are never overdue.
const (
	Open ActionStatus = iota
	InProgress
	Done
	WontDo
)

var actionStatusNames = enum.Names[ActionStatus]{"open", "in_progress", "done", "wont_do"}

// ParseActionStatus returns the action status with the given name.
func ParseActionStatus(s string) (ActionStatus, error) { return actionStatusNames.Parse(s) }

// IsFinished reports whether s is Done or WontDo.
func (s ActionStatus) IsFinished() bool { return s == Done || s == WontDo }

func (s ActionStatus) String() string                { return actionStatusNames.String(s) }
func (s ActionStatus) MarshalText() ([]byte, error)  { return []byte(s.String()), nil }
func (s *ActionStatus) UnmarshalText(b []byte) error { return actionStatusNames.Unmarshal(s, b) }

// DetectionMethod says how the problem was first noticed. The zero value is
// UnknownDetection.
//
// DetectionMethod is a plain value: safe for concurrent use.
type DetectionMethod uint8

// The detection methods; names in files: "unknown", "monitoring",
// "customer", "employee", "third_party".
const (
	UnknownDetection DetectionMethod = iota
	ByMonitoring
	ByCustomer
	ByEmployee
	ByThirdParty
)

var detectionNames = enum.Names[DetectionMethod]{"unknown", "monitoring", "customer", "employee", "third_party"}

// ParseDetectionMethod returns the detection method with the given name.
func ParseDetectionMethod(s string) (DetectionMethod, error) { return detectionNames.Parse(s) }

func (m DetectionMethod) String() string                { return detectionNames.String(m) }
func (m DetectionMethod) MarshalText() ([]byte, error)  { return []byte(m.String()), nil }
func (m *DetectionMethod) UnmarshalText(b []byte) error { return detectionNames.Unmarshal(m, b) }
