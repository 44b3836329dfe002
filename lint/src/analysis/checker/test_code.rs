//! Test code and code for another platform: what the walk leaves out of the findings (test
//! functions, `cfg(test)` items, `cfg` for another target) and how it steps over it.

use super::*;

impl Checker<'_> {
    /// A test function, or an item compiled only for tests (see [`contexts::is_test_fn`]).
    pub(super) fn is_test_item(&self, attrs: &[syn::Attribute]) -> bool {
        (!self.setting.include_tests
            && (contexts::is_test_fn(attrs) || contexts::is_cfg_test(attrs)))
            || self.off_host(attrs)
    }

    /// In a dependency's summary, an item for another platform (see `contexts::cfg_off_host`):
    /// walked as test code is, so names resolve and nothing in it counts.
    pub(super) fn off_host(&self, attrs: &[syn::Attribute]) -> bool {
        self.setting.deps_mode && contexts::cfg_off_host(attrs, self.setting.features)
    }

    /// An item under a `cfg` that requires `test`.
    pub(super) fn is_test_cfg(&self, attrs: &[syn::Attribute]) -> bool {
        (!self.setting.include_tests && contexts::is_cfg_test(attrs)) || self.off_host(attrs)
    }

    /// Walks test code: names still resolve (nested items, `mod` files), nothing is reported.
    pub(super) fn test_code(&mut self, f: impl FnOnce(&mut Self)) {
        let saved = (
            std::mem::replace(&mut self.at.ctx, Context::Elsewhere),
            self.at.in_test,
        );
        self.at.in_test = true;
        self.with_frame(f);
        (self.at.ctx, self.at.in_test) = saved;
    }

    /// Walks code that runs only on an error path, when `skip` says it is one: names resolve,
    /// nothing in it blocks the function (see `deps_mode`).
    pub(super) fn off_path_if(&mut self, skip: bool, f: impl FnOnce(&mut Self)) {
        if !skip {
            return f(self);
        }
        let saved = std::mem::replace(&mut self.at.ctx, Context::Elsewhere);
        f(self);
        self.at.ctx = saved;
    }
}
