"""SQLAlchemy's asyncio extension over aiosqlite: the greenlet bridge under a small ORM workload.

`AsyncSession` and `AsyncConnection` run SQLAlchemy's sync core and ORM in a child
greenlet (`greenlet_spawn`); wherever that code does IO, the dialect's adapter calls
`await_`, which switches back to the event loop's greenlet with the driver's
coroutine and is switched into again with its result. The workload: DDL through
`AsyncConnection.run_sync(metadata.create_all)`, add/flush/commit, `select` with
`selectinload` and `joinedload`, a lazy load and plain sync ORM code through
`AsyncSession.run_sync`, `awaitable_attrs`, a streamed result, a unique-constraint
error thrown back into the child greenlet, two sessions at once, and `dispose()`,
on a temporary SQLite file.

The event loop runs in a greenlet of its own rather than in the main one: the
tracer leaves out the main greenlet's switches into other greenlets (there it acts
as the scheduler of raw greenlets), and those would be `greenlet_spawn`'s own
switches into the child. SQLAlchemy takes whatever greenlet runs the loop as the
child's parent, so nothing else changes.
"""

import asyncio
import os
import tempfile

import greenlet
from sqlalchemy import ForeignKey, String, func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncAttrs, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, joinedload, mapped_column, relationship, selectinload


class Base(AsyncAttrs, DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    addresses: Mapped[list["Address"]] = relationship(back_populates="user", cascade="all, delete-orphan")


class Address(Base):
    __tablename__ = "addresses"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(80))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    user: Mapped[User] = relationship(back_populates="addresses")


def rename_in_sync_code(session: Session, prefix: str) -> int:
    """Plain sync ORM code, run by `AsyncSession.run_sync` inside the bridge's greenlet."""
    users = session.scalars(select(User).order_by(User.id)).all()
    for user in users:
        user.name = f"{prefix}{user.name}"
        total = len(user.addresses)  # a lazy load: IO inside sync code
        if total > 1:
            user.addresses.append(Address(email=f"extra{total}@example.org"))
    session.flush()
    return session.scalar(select(func.count()).select_from(Address))


async def fill(maker: async_sessionmaker[AsyncSession], count: int) -> None:
    async with maker() as session:
        async with session.begin():
            for n in range(count):
                session.add(User(name=f"user{n}", addresses=[Address(email=f"u{n}.{k}@example.org") for k in range(n % 3)]))
        session.add(User(name="late"))
        await session.flush()
        await session.commit()


async def read(maker: async_sessionmaker[AsyncSession]) -> None:
    async with maker() as session:
        users = (await session.scalars(select(User).options(selectinload(User.addresses)).order_by(User.id))).all()
        assert sum(len(user.addresses) for user in users) > 0
        joined = (await session.execute(select(Address).options(joinedload(Address.user)))).scalars().all()
        assert all(address.user.name for address in joined)
        user = await session.get(User, users[-1].id)
        assert (await user.awaitable_attrs.addresses) == []
        counted = await session.run_sync(rename_in_sync_code, "renamed-")
        assert counted >= len(joined)
        await session.commit()
        streamed = await session.stream_scalars(select(User.name).order_by(User.name))
        names = [name async for name in streamed]
        assert names and all(name.startswith("renamed-") for name in names), names


async def duplicate(maker: async_sessionmaker[AsyncSession]) -> None:
    async with maker() as session:
        session.add(User(name="renamed-late"))
        try:
            await session.commit()
        except IntegrityError:
            await session.rollback()
        else:
            raise AssertionError("the unique constraint did not hold")


async def main(path: str) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
    try:
        async with engine.begin() as connection:
            await connection.run_sync(Base.metadata.create_all)
            await connection.execute(text("pragma foreign_keys = on"))
        maker = async_sessionmaker(engine, expire_on_commit=False)
        await fill(maker, 8)
        await read(maker)
        await asyncio.gather(duplicate(maker), read_only(maker))
        async with engine.connect() as connection:
            rows = (await connection.execute(select(User.id, User.name))).all()
            assert len(rows) == 9, rows
    finally:
        await engine.dispose()


async def read_only(maker: async_sessionmaker[AsyncSession]) -> None:
    async with maker() as session:
        assert await session.scalar(select(func.count()).select_from(User)) >= 9


if __name__ == "__main__":
    with tempfile.TemporaryDirectory(prefix="switchpoint-sqla-") as folder:
        loop_greenlet = greenlet.greenlet(lambda: asyncio.run(main(os.path.join(folder, "orm.db"))))
        loop_greenlet.switch()
        assert loop_greenlet.dead
