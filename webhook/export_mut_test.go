package webhook

// QueueLen returns the length of d's expiry queue, spent entries included:
// what the deduper holds in memory besides its map.
func QueueLen(d *MemoryDeduper) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return len(d.queue)
}
