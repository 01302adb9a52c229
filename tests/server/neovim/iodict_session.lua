-- Drives the switchpoint language server from real Neovim, headless:
--   nvim --headless -u NONE -i NONE -n -l iodict_session.lua PYTHON FILE OUT.json
-- Opens FILE, starts the server with vim.lsp.start, waits for inlay hints and
-- diagnostics, asks the custom switchpoint/yieldPoints request, and writes what
-- Neovim ended up with to OUT.json for the pytest side to check.
local python, file, out = arg[1], arg[2], arg[3]

vim.cmd.edit(vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
vim.bo[buf].filetype = 'python'

local client_id = vim.lsp.start({
  name = 'switchpoint',
  cmd = { python, '-m', 'switchpoint', 'server', '--stdio' },
  root_dir = vim.fs.dirname(file),
}, { bufnr = buf })
assert(client_id, 'vim.lsp.start did not start the server')
vim.lsp.inlay_hint.enable(true, { bufnr = buf })

local timeout = 60000
local got_hints = vim.wait(timeout, function()
  return #vim.lsp.inlay_hint.get({ bufnr = buf }) > 0
end, 50)
local got_diagnostics = vim.wait(timeout, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)

local result = { hints = {}, diagnostics = {}, got_hints = got_hints, got_diagnostics = got_diagnostics }
for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
  local hint = item.inlay_hint
  local label = hint.label
  if type(label) == 'table' then
    local parts = {}
    for _, part in ipairs(label) do
      table.insert(parts, part.value)
    end
    label = table.concat(parts)
  end
  table.insert(result.hints, { line = hint.position.line, character = hint.position.character, label = label })
end
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(result.diagnostics, {
    lnum = d.lnum, col = d.col, code = d.code, source = d.source, message = d.message, severity = d.severity,
  })
end

local client = vim.lsp.get_client_by_id(client_id)
local answer = client:request_sync('switchpoint/yieldPoints', { textDocument = { uri = vim.uri_from_bufnr(buf) } }, timeout, buf)
result.yield_points = answer and answer.result or vim.NIL
result.position_encoding = client.offset_encoding

local handle = assert(io.open(out, 'w'))
handle:write(vim.json.encode(result))
handle:close()

client:stop()
vim.wait(5000, function()
  return client:is_stopped()
end, 50)
vim.cmd('qa!')
