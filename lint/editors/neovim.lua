-- Neovim with nvim-lspconfig: rust-analyzer runs the lint when a file is saved. The table under
-- ['rust-analyzer'] is what Neovim answers when rust-analyzer asks for its settings; with
-- Neovim 0.11's vim.lsp.config('rust_analyzer', { settings = ... }) it is the same table.
require('lspconfig').rust_analyzer.setup({
  settings = {
    ['rust-analyzer'] = {
      check = {
        overrideCommand = { 'cargo', 'blocking-lint', '--fast', '--message-format=json' },
      },
    },
  },
})
