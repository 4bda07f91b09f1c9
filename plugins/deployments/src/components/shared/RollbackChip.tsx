import Chip from '@material-ui/core/Chip';
import UndoIcon from '@material-ui/icons/Undo';

/** Marks a run that put an earlier version back into its slot. */
export function RollbackChip() {
  return (
    <Chip
      size="small"
      variant="outlined"
      icon={<UndoIcon aria-hidden />}
      label="Rollback"
      data-testid="rollback-chip"
      title="Rollback: this version had been deployed here before, replaced by another"
    />
  );
}
