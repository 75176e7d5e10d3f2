"""The Copilot: everything built once from Settings and shared by the CLI, the Slack bot and the evals."""

from __future__ import annotations

import logging
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from bot.core.config import Settings
from bot.core.db import Database
from bot.core.errors import UserInputError
from bot.core.knowledge.accounts import Account, AccountDirectory
from bot.core.knowledge.embeddings import Embedder, build_embedder
from bot.core.knowledge.ingest import Ingestor, IngestReport, outdated
from bot.core.knowledge.retrieve import Retriever
from bot.core.knowledge.store import VectorStore

if TYPE_CHECKING:
    from bot.core.llm.client import ChatModel

logger = logging.getLogger(__name__)


class Copilot:
    """Owns the database, the vector store, the embedder and the retriever; builds them on first use."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder | None = None,
        store: VectorStore | None = None,
        llm: ChatModel | None = None,
    ):
        self.settings = settings
        self._embedder = embedder
        self._store = store
        self._llm = llm
        self._llm_given = llm is not None

    @cached_property
    def db(self) -> Database:
        return Database(self.settings.db_path)

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = build_embedder(self.settings)
        return self._embedder

    @property
    def store(self) -> VectorStore:
        if self._store is None:
            self._store = VectorStore.open(self.settings, self.embedder.name)
        return self._store

    @property
    def llm(self) -> ChatModel:
        """The chat model for the LLM engine: the one given, else the process's shared client for Settings."""
        if self._llm is None:
            from bot.core.llm.client import shared_client

            self._llm = shared_client(self.settings)
        return self._llm

    @property
    def has_llm(self) -> bool:
        """Whether a chat model was handed in (tests, embedding applications) rather than configured."""
        return self._llm_given

    @cached_property
    def retriever(self) -> Retriever:
        return Retriever(self.db, self.store, self.embedder)

    def ingest(self, path: Path | None = None, progress: bool = False) -> IngestReport:
        """Sync the index with the knowledge folder, or with one folder or file inside it."""
        root = self.settings.knowledge
        only = None
        if path is not None:
            path = path.resolve()
            try:
                only = path.relative_to(root.resolve()).as_posix()
            except ValueError:
                if path.is_file():
                    raise UserInputError(f"{path} is not inside the knowledge folder {root}") from None
                root = path  # another knowledge root altogether
            only = None if only in (None, ".") else only
        return Ingestor(self.db, self.store, self.embedder, self.settings.home).run(root, only, progress)

    def ensure_ingested(self, progress: bool = False) -> IngestReport | None:
        """An empty store ingests the knowledge folder first, so a fresh machine answers in one step; so does a
        store an older version chunked, or another embedding model embedded (its vectors would not compare)."""
        if self.db.chunk_count() == 0:
            reason = "empty store"
        elif (stale := outdated(self.db, self.embedder.name)) is not None:
            reason = f"store {stale}"
        else:
            return None
        logger.info("%s: ingesting %s", reason, self.settings.knowledge)
        return self.ingest(progress=progress)

    def accounts(self) -> AccountDirectory:
        return AccountDirectory.from_rows(self.db.accounts(), self.db.account_slugs_with_data())

    def resolve_account(self, name: str) -> Account:
        """An account by slug, name or alias (typos tolerated); UnknownAccountError otherwise."""
        return self.accounts().resolve(name)

    def close(self) -> None:
        if "db" in self.__dict__:
            self.db.close()
