export { Alert, LiveRegion, type AlertTone } from "./alert";
export { Badge, type BadgeTone } from "./badge";
export { Button, buttonClasses, type ButtonProps, type ButtonVariant, type ButtonSize } from "./button";
export { Card, CardBody, CardFooter, CardHeader } from "./card";
export { Checkbox } from "./checkbox";
export { describedBy, FieldError, FieldHint, Label } from "./field";
export { Input, inputClasses } from "./input";
export { Skeleton } from "./skeleton";
export { Spinner } from "./spinner";
