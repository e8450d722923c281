"""A floor for start-up and memory: the bare app of bare_app.py that also imports pydantic.

pydantic is part of the chosen stack (it checks protocols and logs); this is what Textual
and pydantic cost together before any intervisie code runs.
"""

from bare_app import BareApp
from pydantic import BaseModel  # noqa: F401  (imported for its cost, as intervisie does)

if __name__ == "__main__":
    BareApp().run()
