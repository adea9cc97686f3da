package main

import (
	"context"
	"net/http"
	"time"
)

// Duties is the leader's work: a write to the ledger every 100 ms, and a job for
// each slot that falls due.
func Duties(ctx context.Context, leadership *Leadership, ledger *Ledger, jobInterval time.Duration) {
	ticker := time.NewTicker(100 * time.Millisecond)
	defer ticker.Stop()
	seq := int64(0)
	last := time.Now().UnixMilli() / jobInterval.Milliseconds()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		next := seq + 1
		if leadership.WhileLeading(func(token int64) {
			refused("write", token, ledger.Post("/write", map[string]int64{"token": token, "seq": next}))
		}) {
			seq = next
		}
		slot := time.Now().UnixMilli() / jobInterval.Milliseconds()
		if slot != last {
			leadership.WhileLeading(func(token int64) {
				refused("job", token, ledger.Post("/job", map[string]int64{"slot": slot, "token": token}))
			})
		}
		last = slot
	}
}

func refused(what string, token int64, status int) {
	if status == http.StatusConflict {
		logger.Printf("%s with token %d refused by the ledger", what, token)
	}
}
