package main

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"
)

// Ledger is the harness's ledger: the resource the leader protects, and where
// campaigns are reported (docs/candidate.md).
type Ledger struct {
	base   string
	client *http.Client
}

func NewLedger(base string) *Ledger {
	return &Ledger{base: base, client: &http.Client{Timeout: 5 * time.Second}}
}

// Post sends a JSON body and returns the answer's status, or -1 when the ledger
// could not be asked.
func (l *Ledger) Post(path string, body any) int {
	data, err := json.Marshal(body)
	if err != nil {
		return -1
	}
	resp, err := l.client.Post(l.base+path, "application/json", bytes.NewReader(data))
	if err != nil {
		return -1
	}
	resp.Body.Close()
	return resp.StatusCode
}

// Op reports a campaign or a resignation: typ is invoke, ok, fail or info.
func (l *Ledger) Op(f, typ string, extra map[string]any) int {
	body := map[string]any{"f": f, "type": typ}
	for k, v := range extra {
		body[k] = v
	}
	return l.Post("/op", body)
}

func (l *Ledger) Event(format string, args ...any) {
	text := sprintf(format, args...)
	logger.Print(text)
	l.Post("/event", map[string]string{"text": text})
}
