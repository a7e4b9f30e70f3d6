"""The demo content loaders `irp demo` runs, in order. Each is idempotent."""

from importlib import import_module

DEMO_LOADERS = [
    "irp.accounts.demo.load",
    "irp.pages.demo.load",
    "irp.articles.demo.load",
    "irp.enquiries.demo.load",
    "irp.live_discussions.demo.load",
    "irp.reflections.demo.load",
]


def load_demo_content(stdout) -> None:
    for dotted in DEMO_LOADERS:
        module_path, function_name = dotted.rsplit(".", 1)
        getattr(import_module(module_path), function_name)(stdout=stdout)
