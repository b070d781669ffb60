-- An audit entry on its own (a refused call, an enqueue): no arguments beyond the audit's.
-- Returns the new id.
return write_audit()
