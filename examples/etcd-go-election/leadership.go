package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
)

// Leadership is whether this instance believes it leads, and with which token. A
// write or job in flight holds acting, so that losing leadership waits for it and
// no write follows the loss.
type Leadership struct {
	acting  sync.Mutex
	mu      sync.Mutex
	leading bool
	token   int64
}

// Current returns the token this instance leads with, and whether it leads.
func (l *Leadership) Current() (int64, bool) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.token, l.leading
}

func (l *Leadership) Lead(token int64) {
	l.acting.Lock()
	defer l.acting.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.leading, l.token = true, token
}

// Lose stops leading once no write or job is in flight; it returns the token it
// led with, and whether it led.
func (l *Leadership) Lose() (int64, bool) {
	l.acting.Lock()
	defer l.acting.Unlock()
	l.mu.Lock()
	defer l.mu.Unlock()
	was := l.leading
	l.leading = false
	return l.token, was
}

// WhileLeading runs act with the token if this instance believes it leads,
// holding off Lose until it returns.
func (l *Leadership) WhileLeading(act func(token int64)) bool {
	l.acting.Lock()
	defer l.acting.Unlock()
	token, leading := l.Current()
	if leading {
		act(token)
	}
	return leading
}

// ServeHTTP answers GET /leader.
func (l *Leadership) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	if token, leading := l.Current(); leading {
		json.NewEncoder(w).Encode(map[string]any{"leader": true, "token": token})
		return
	}
	json.NewEncoder(w).Encode(map[string]any{"leader": false})
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
