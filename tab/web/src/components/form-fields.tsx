import { Field, type FieldProps, Input, type InputProps, Select } from '@fluentui/react-components';

/** A labelled text (or date, number…) input whose onChange gives the new value. */
export function TextField({
  label,
  value,
  onChange,
  hint,
  required,
  validationMessage,
  size,
  className,
  ...input
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  hint?: FieldProps['hint'];
  required?: boolean;
  validationMessage?: FieldProps['validationMessage'];
  size?: 'small' | 'medium' | 'large';
  /** On the field (a narrow number field). */
  className?: string;
} & Pick<
  InputProps,
  'type' | 'maxLength' | 'min' | 'max' | 'step' | 'placeholder' | 'disabled' | 'id' | 'name'
>) {
  return (
    <Field
      label={label}
      hint={hint}
      required={required}
      validationMessage={validationMessage}
      size={size}
      className={className}
    >
      <Input {...input} value={value} onChange={(_, d) => onChange(d.value)} />
    </Field>
  );
}

/** A labelled number input (whole numbers in a range) whose onChange gives the number. */
export function NumberField({
  label,
  value,
  onChange,
  min,
  max,
  className,
}: {
  label: string;
  value: number;
  onChange(value: number): void;
  min?: number;
  max?: number;
  className?: string;
}) {
  return (
    <TextField
      label={label}
      type="number"
      min={min}
      max={max}
      value={String(value)}
      onChange={(v) => onChange(Number(v))}
      className={className}
    />
  );
}

/** A labelled drop-down of options whose onChange gives the chosen value. */
export function SelectField({
  label,
  value,
  options,
  onChange,
  hint,
  size,
  disabled,
  id,
  className,
}: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange(value: string): void;
  hint?: FieldProps['hint'];
  size?: 'small' | 'medium' | 'large';
  disabled?: boolean;
  id?: string;
  className?: string;
}) {
  return (
    <Field label={label} hint={hint} size={size} className={className}>
      <Select id={id} value={value} disabled={disabled} onChange={(_, d) => onChange(d.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </Select>
    </Field>
  );
}
