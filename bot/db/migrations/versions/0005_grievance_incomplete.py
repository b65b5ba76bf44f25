"""grievance: incomplete_reason, for tickets recorded without every detail (staff complete them)

Revision ID: 0005_grievance_incomplete
Revises: 0004_security
Create Date: 2026-12-01 10:00:02.344787
"""

import sqlalchemy as sa
from alembic import op

revision = '0005_grievance_incomplete'
down_revision = '0004_security'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('grievance', schema=None) as batch_op:
        batch_op.add_column(sa.Column('incomplete_reason', sa.Enum(
            'owner_did_not_know', 'owner_stopped_answering', 'owner_asked_for_person', name='incompletereason',
            native_enum=False, length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_grievance_incomplete_reason'), ['incomplete_reason'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('grievance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grievance_incomplete_reason'))
        batch_op.drop_column('incomplete_reason')
