-- A DLQ entry's search text (`{P}:dlqtext`, field: the task's id), written when a task enters
-- the DLQ and deleted when it leaves: `DLQ_AT\nID\nHANDLER\nERROR`, the three texts a DLQ text
-- search looks in lower-cased (as `dlq_scan.lua` lowers them) after the time it died, so a
-- filtered listing reads some 100 bytes an entry instead of its record and decodes nothing. A
-- text a search looks for in it holds no newline (a text with control characters reads the
-- records), so no match spans two fields.
local function dlq_text(t)
  local err = t.last_error
  if type(err) ~= 'string' then
    err = ''
  end
  return string.format('%d', t.dlq_at or t.updated) .. '\n' .. string.lower(t.id) .. '\n'
    .. string.lower(t.handler) .. '\n' .. string.lower(err)
end
